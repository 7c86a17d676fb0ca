package dev.twofactor;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CredentialRepository} in a concurrent map: the default of {@link TwoFactor}, for demos,
 * tests and a single application node.
 *
 * <p>Thread-safe, and atomic as the contract requires. Nothing survives a restart, and nothing is
 * shared with another process: an application with several nodes needs a shared repository, or each
 * node keeps its own replay guard and throttle.
 */
public final class InMemoryCredentialRepository implements CredentialRepository {
  private final ConcurrentMap<String, CredentialRecord> records = new ConcurrentHashMap<>();

  /** Creates an empty repository. */
  public InMemoryCredentialRepository() {}

  @Override
  public @Nullable CredentialRecord load(String accountId) {
    return records.get(Objects.requireNonNull(accountId, "accountId"));
  }

  @Override
  public boolean insert(CredentialRecord record) {
    return records.putIfAbsent(record.accountId(), record) == null;
  }

  @Override
  public boolean replace(long expectedVersion, CredentialRecord record) {
    CredentialRecord current = records.get(record.accountId());
    // ConcurrentMap.replace compares with == first, so this costs no field-by-field comparison.
    return current != null
        && current.version() == expectedVersion
        && records.replace(record.accountId(), current, record);
  }

  @Override
  public List<CredentialRecord> page(@Nullable String afterAccountId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    return records.keySet().stream()
        .filter(id -> afterAccountId == null || id.compareTo(afterAccountId) > 0)
        .sorted()
        .limit(limit)
        .map(records::get)
        .filter(Objects::nonNull)
        .toList();
  }

  @Override
  public boolean delete(String accountId) {
    return records.remove(Objects.requireNonNull(accountId, "accountId")) != null;
  }

  /**
   * Returns the number of accounts with a record.
   *
   * @return the number of records
   */
  public int size() {
    return records.size();
  }

  @Override
  public String toString() {
    return "InMemoryCredentialRepository[" + records.size() + " records]";
  }
}
