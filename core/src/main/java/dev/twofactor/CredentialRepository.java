package dev.twofactor;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link TwoFactor} keeps one {@link CredentialRecord} per account: load, insert, replace if
 * unchanged, delete.
 *
 * <p>A repository holds no policy and interprets nothing in a record; it stores records as they
 * are. Its one obligation is atomicity: {@link #replace} must store the new record only if the
 * stored record still has the expected version, as one indivisible step, even when several
 * application nodes share the storage. {@link TwoFactor} reads a record, decides, and replaces it
 * conditionally; when the replacement loses a race it reads again and decides again. That is what
 * keeps a code from being accepted twice and failures from being lost.
 *
 * <p>In SQL, one row per account, with the columns of {@link CredentialRecord}:
 *
 * <pre>{@code
 * load:    SELECT ... FROM two_factor WHERE account_id = ?
 * insert:  INSERT INTO two_factor (...) VALUES (...)   -- a duplicate key returns false
 * replace: UPDATE two_factor SET ..., version = ? WHERE account_id = ? AND version = ?
 *                                                       -- 0 rows updated returns false
 * delete:  DELETE FROM two_factor WHERE account_id = ?
 * page:    SELECT ... FROM two_factor WHERE account_id > ? ORDER BY account_id FETCH FIRST ? ROWS ONLY
 * }</pre>
 *
 * <p>Implementations must be thread-safe. They may throw unchecked exceptions for storage failures;
 * {@link TwoFactor} passes them on to its caller and accepts nothing. A failed write must leave the
 * previous record intact. {@link InMemoryCredentialRepository} is the embedded implementation.
 */
public interface CredentialRepository {
  /**
   * Returns the record of an account.
   *
   * @param accountId the account
   * @return the stored record, or {@code null} if there is none
   */
  @Nullable CredentialRecord load(String accountId);

  /**
   * Stores a record for an account that has none.
   *
   * @param record the new record
   * @return {@code true} if it was stored, {@code false} if the account already has a record
   */
  boolean insert(CredentialRecord record);

  /**
   * Replaces the record of {@code record.accountId()} if and only if the stored record has the
   * version {@code expectedVersion}, atomically. The new record carries its own, higher version and
   * is stored as it is.
   *
   * @param expectedVersion the version of the record the caller read
   * @param record the new record
   * @return {@code true} if it was replaced, {@code false} if the stored version differs or there
   *     is no record
   */
  boolean replace(long expectedVersion, CredentialRecord record);

  /**
   * Returns up to {@code limit} records in the order of their account ids, after {@code
   * afterAccountId}: one page of a walk over every record, for the batch re-seal of {@link
   * TwoFactor#resealBatch} and the key check of {@link TwoFactor#missingKeyIds()}. The order is the
   * store's own, the same for every page, and "after" means after in that order: {@link
   * String#compareTo} for the in-memory repository, the key column's binary collation for SQL (code
   * point order with PostgreSQL's {@code COLLATE "C"}).
   *
   * @param afterAccountId the last account id of the previous page, or {@code null} for the first
   * @param limit the most records to return, 1 or more
   * @return the records, possibly fewer than {@code limit}; empty when the walk is over
   */
  List<CredentialRecord> page(@Nullable String afterAccountId, int limit);

  /**
   * Deletes the record of an account, whatever its version.
   *
   * @param accountId the account
   * @return {@code true} if a record was deleted, {@code false} if there was none
   */
  boolean delete(String accountId);
}
