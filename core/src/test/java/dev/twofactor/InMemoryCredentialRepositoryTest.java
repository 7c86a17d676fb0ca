package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

final class InMemoryCredentialRepositoryTest {
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();

  private static CredentialRecord record(String accountId, long version) {
    return CredentialRecord.builder(accountId).version(version).build();
  }

  @Test
  void insert_storesOnlyTheFirstRecordOfAnAccount() {
    CredentialRecord first = record("a", 1);
    assertTrue(repository.insert(first));
    assertFalse(repository.insert(record("a", 9)));
    assertSame(first, repository.load("a"));
    assertNull(repository.load("b"));
    assertEquals(1, repository.size());
  }

  @Test
  void replace_onlyFromTheExpectedVersion() {
    repository.insert(record("a", 1));
    assertFalse(repository.replace(2, record("a", 3)));
    assertEquals(1, repository.load("a").version());
    assertTrue(repository.replace(1, record("a", 2)));
    assertEquals(2, repository.load("a").version());
    assertFalse(repository.replace(1, record("a", 2)));
    assertFalse(repository.replace(1, record("missing", 2)));
    assertNull(repository.load("missing"));
  }

  @Test
  void delete_removesWhateverVersion() {
    repository.insert(record("a", 5));
    assertTrue(repository.delete("a"));
    assertFalse(repository.delete("a"));
    assertNull(repository.load("a"));
    assertEquals("InMemoryCredentialRepository[0 records]", repository.toString());
  }

  @Test
  void page_returnsUpToTheLimitInTheOrderOfAccountIds() {
    repository.insert(record("b", 1));
    repository.insert(record("a", 1));
    repository.insert(record("c", 1));
    assertEquals(
        List.of("a"), repository.page(null, 1).stream().map(CredentialRecord::accountId).toList());
    assertEquals(
        List.of("b", "c"),
        repository.page("a", 5).stream().map(CredentialRecord::accountId).toList());
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> repository.page(null, 0));
    assertEquals("limit must be at least 1: 0", e.getMessage());
  }
}
