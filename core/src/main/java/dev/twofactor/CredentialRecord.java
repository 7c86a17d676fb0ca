package dev.twofactor;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link CredentialRepository} stores for one account: one immutable, versioned row that
 * {@link TwoFactor} reads and replaces as a whole.
 *
 * <p>A repository stores a record as it is and interprets nothing in it; every rule (replay guard,
 * throttle, drift, expiry, recovery codes) lives in {@link TwoFactor}. The {@linkplain #version()
 * version} is what makes a replacement atomic: {@link CredentialRepository#replace} stores a new
 * record only if the stored one still has the version the service read.
 *
 * <p>The record is described once, by its {@linkplain #fields() fields}: each has a key (the column
 * name of a SQL table, and the key of the flat map of {@link #toMap()} and {@link #fromMap(Map)}),
 * a Java type ({@link String}, {@link Long}, {@link Integer} or {@link Instant}), and the rule its
 * value must follow. A repository can store a record field by field with {@link
 * Field#get(CredentialRecord)} and read it back with {@link Builder#set(Field, Object)}, or as the
 * flat map. Absent values are SQL {@code NULL} and are left out of the map.
 *
 * <table class="striped">
 *   <caption>The fields, in the order of {@link #fields()}</caption>
 *   <thead><tr><th>key</th><th>type</th><th>value</th><th>meaning</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code account_id}</td><td>text</td><td>1 to 255 characters of well-formed UTF-16
 *       without control or bidirectional characters, always present</td>
 *       <td>the host's id of the account; the key of the row</td></tr>
 *   <tr><td>{@code version}</td><td>long</td><td>&ge; 0, always present</td>
 *       <td>incremented by every replacement</td></tr>
 *   <tr><td>{@code credential_id}</td><td>text</td><td>22 characters of Base64url, with
 *       {@code secret}</td><td>the random id of the active credential's enrollment, to which its
 *       sealed values are bound</td></tr>
 *   <tr><td>{@code secret}</td><td>text</td><td>sealed</td>
 *       <td>the active secret</td></tr>
 *   <tr><td>{@code algorithm}, {@code digits}, {@code period}</td>
 *       <td>text, integer, integer</td><td>with {@code credential_id}</td>
 *       <td>the active secret's code parameters: SHA1, SHA256 or SHA512; 6 to 10; seconds, 1 to
 *       86,400. Stored at enrollment, so that a change of the service's policy applies to new
 *       enrollments only</td></tr>
 *   <tr><td>{@code confirmed_at}</td><td>instant</td><td>present if and only if {@code secret}
 *       is</td><td>when the active secret was confirmed or imported</td></tr>
 *   <tr><td>{@code last_step}</td><td>long</td><td>&ge; -1, default -1</td>
 *       <td>the replay guard: the highest TOTP step accepted for the active secret</td></tr>
 *   <tr><td>{@code last_used_at}</td><td>instant</td><td>optional</td>
 *       <td>the last successful sign-in</td></tr>
 *   <tr><td>{@code drift}</td><td>integer</td><td>-100 to 100, default 0</td>
 *       <td>the learned clock drift of the authenticator in steps (RFC 6238 §6)</td></tr>
 *   <tr><td>{@code pending_id}</td><td>text</td><td>22 characters of Base64url, with {@code
 *       pending_secret}</td><td>the random id of the pending enrollment</td></tr>
 *   <tr><td>{@code pending_secret}</td><td>text</td><td>sealed</td>
 *       <td>the secret and code parameters of an enrollment not yet confirmed (a first one, or a
 *       replacement)</td></tr>
 *   <tr><td>{@code pending_expires_at}</td><td>instant</td>
 *       <td>present if and only if {@code pending_secret} is</td>
 *       <td>when the pending secret can no longer be confirmed</td></tr>
 *   <tr><td>{@code failures}</td><td>integer</td><td>&ge; 0, default 0</td>
 *       <td>wrong codes since the last successful sign-in</td></tr>
 *   <tr><td>{@code recovery_failures}</td><td>integer</td><td>&ge; 0, default 0</td>
 *       <td>wrong recovery codes since the last successful sign-in</td></tr>
 *   <tr><td>{@code budget_24h}, {@code budget_30d}</td><td>instant</td><td>optional</td>
 *       <td>until when the daily and the 30-day failure budgets of unknown sources are spent
 *       ({@link ThrottlePolicy})</td></tr>
 *   <tr><td>{@code known_budget_24h}, {@code known_budget_30d}</td><td>instant</td>
 *       <td>optional</td><td>the same for the sources that signed in before</td></tr>
 *   <tr><td>{@code sources}</td><td>text</td><td>optional</td>
 *       <td>per client address: the back-off of each source that failed since the last
 *       successful sign-in, and the last four sources that signed in</td></tr>
 *   <tr><td>{@code recovery_codes}</td><td>text</td><td>sealed, optional</td>
 *       <td>salted PBKDF2 hashes of the unused recovery codes</td></tr>
 *   <tr><td>{@code devices}</td><td>text</td><td>sealed, optional</td>
 *       <td>the trusted devices: keyed hashes of their tokens, labels and times</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Sealed values are printable ASCII without spaces, at most 16,384 characters, as the {@link
 * SecretSealer} wrote them, bound to the account, to what they are and to the enrollment they
 * belong to: a value copied into another row or field does not open. A record written by version
 * 0.1 has a secret without {@code credential_id}; {@link TwoFactor} reads it only when the builder
 * allows it ({@link TwoFactor.Builder#legacyRecords(boolean)}).
 *
 * <p>In the map, integers and longs are ASCII decimal ({@code -?[0-9]+}), instants ISO-8601 in UTC
 * as written by {@link Instant#toString()} (for example {@code 2026-01-01T00:00:30Z}).
 *
 * <p><b>Security note:</b> {@link #toString()} shows neither secret nor hash, only whether they are
 * present, and no error message shows the value of a text field. With {@link
 * SecretSealer#insecurePlainText()} the {@code secret} field holds the key itself.
 */
public final class CredentialRecord {
  /** The longest account id, so that it fits a {@code VARCHAR(255)} primary key. */
  static final int MAX_ACCOUNT_ID_LENGTH = 255;

  /** The largest learned drift in steps: a resynchronisation range of a little under an hour. */
  static final int MAX_DRIFT = 100;

  /** The longest sealed value: a generous bound for ten trusted devices and a hundred codes. */
  static final int MAX_SEALED_LENGTH = 16_384;

  private static final Field<?>[] FIELDS = new Field<?>[23];

  /** The host's id of the account, the key of the record. */
  public static final Field<String> ACCOUNT_ID =
      Field.text(0, "account_id", null).check(AccountIds::problem);

  /** The version, which every replacement increments. */
  public static final Field<Long> VERSION = Field.number(1, "version", null, 0, Long.MAX_VALUE);

  /** The random id of the active credential's enrollment, to which its sealed values are bound. */
  public static final Field<String> CREDENTIAL_ID =
      Field.text(2, "credential_id", null).check(CredentialRecord::checkId);

  /** The active secret, sealed. */
  public static final Field<String> SECRET = Field.sealed(3, "secret");

  /** The HMAC algorithm of the active secret's codes. */
  public static final Field<String> ALGORITHM =
      Field.text(4, "algorithm", null).check(CredentialRecord::checkAlgorithm);

  /** The number of digits of the active secret's codes. */
  public static final Field<Integer> DIGITS =
      Field.integer(5, "digits", null, Codes.MIN_DIGITS, Codes.MAX_DIGITS);

  /** The period of the active secret's codes in seconds. */
  public static final Field<Integer> PERIOD =
      Field.integer(6, "period", null, 1, (int) OtpAuthUri.MAX_PERIOD_SECONDS);

  /** When the active secret was confirmed or imported. */
  public static final Field<Instant> CONFIRMED_AT = Field.instant(7, "confirmed_at");

  /** The highest TOTP step accepted for the active secret. */
  public static final Field<Long> LAST_STEP = Field.number(8, "last_step", -1L, -1, Long.MAX_VALUE);

  /** The last successful sign-in. */
  public static final Field<Instant> LAST_USED_AT = Field.instant(9, "last_used_at");

  /** The learned clock drift in steps. */
  public static final Field<Integer> DRIFT = Field.integer(10, "drift", 0, -MAX_DRIFT, MAX_DRIFT);

  /** The random id of the pending enrollment, to which its sealed secret is bound. */
  public static final Field<String> PENDING_ID =
      Field.text(11, "pending_id", null).check(CredentialRecord::checkId);

  /** The sealed secret and code parameters of an enrollment not yet confirmed. */
  public static final Field<String> PENDING_SECRET = Field.sealed(12, "pending_secret");

  /** When the pending secret can no longer be confirmed. */
  public static final Field<Instant> PENDING_EXPIRES_AT = Field.instant(13, "pending_expires_at");

  /** Wrong codes since the last successful sign-in. */
  public static final Field<Integer> FAILURES =
      Field.integer(14, "failures", 0, 0, Integer.MAX_VALUE);

  /** Wrong recovery codes since the last successful sign-in. */
  public static final Field<Integer> RECOVERY_FAILURES =
      Field.integer(15, "recovery_failures", 0, 0, Integer.MAX_VALUE);

  /** Until when the daily failure budget of unknown sources is spent. */
  public static final Field<Instant> BUDGET_24H = Field.instant(16, "budget_24h");

  /** Until when the 30-day failure budget of unknown sources is spent. */
  public static final Field<Instant> BUDGET_30D = Field.instant(17, "budget_30d");

  /** Until when the daily failure budget of known sources is spent. */
  public static final Field<Instant> KNOWN_BUDGET_24H = Field.instant(18, "known_budget_24h");

  /** Until when the 30-day failure budget of known sources is spent. */
  public static final Field<Instant> KNOWN_BUDGET_30D = Field.instant(19, "known_budget_30d");

  /** The back-off of each source that failed since the last sign-in, and the known sources. */
  public static final Field<String> SOURCES =
      Field.text(20, "sources", null).check(CredentialRecord::checkSources);

  /** The hashes of the unused recovery codes, sealed. */
  public static final Field<String> RECOVERY_CODES = Field.sealed(21, "recovery_codes");

  /** The trusted devices, sealed. */
  public static final Field<String> DEVICES = Field.sealed(22, "devices");

  private static final List<Field<?>> FIELD_LIST = List.of(FIELDS);

  /** The values, indexed by {@link Field#index}; absent values are {@code null}. */
  private final @Nullable Object[] values;

  private CredentialRecord(@Nullable Object[] values) {
    this.values = values;
  }

  /**
   * Returns the fields of a record in their documented order: the columns of a SQL table and the
   * keys of the map form.
   *
   * @return an unmodifiable list
   */
  public static List<Field<?>> fields() {
    return FIELD_LIST;
  }

  /**
   * Returns a builder for a record of the given account, with version 0 and nothing stored.
   *
   * @param accountId the account, 1 to 255 characters
   * @return a new builder
   */
  public static Builder builder(String accountId) {
    Builder b = new Builder(new @Nullable Object[FIELDS.length]);
    for (Field<?> field : FIELDS) {
      b.values[field.index] = field.absent;
    }
    b.values[ACCOUNT_ID.index] = Objects.requireNonNull(accountId, "accountId");
    b.values[VERSION.index] = 0L;
    return b;
  }

  /**
   * Returns a builder that starts from this record.
   *
   * @return a new builder with this record's values
   */
  public Builder toBuilder() {
    return new Builder(values.clone());
  }

  /**
   * Reads a record from its map form, as a key-value store or a row returns it. A key mapped to
   * {@code null} counts as absent.
   *
   * @param map the keys and values
   * @return the record
   * @throws InvalidCredentialRecordException if a key is unknown, a required key is missing, a
   *     value cannot be read or is out of range, or two keys that go together are not both present;
   *     the exception names the key and never shows a secret or a hash
   */
  public static CredentialRecord fromMap(Map<String, String> map) {
    Objects.requireNonNull(map, "map");
    for (String key : map.keySet()) {
      if (key == null) {
        throw new InvalidCredentialRecordException("credential record: null key", null);
      }
      if (fieldOf(key) == null) {
        throw new InvalidCredentialRecordException(
            "credential record: unknown key " + Ascii.quote(key), key);
      }
    }
    Builder b = new Builder(new @Nullable Object[FIELDS.length]);
    for (Field<?> field : FIELDS) {
      String text = map.get(field.key);
      b.values[field.index] = text == null ? field.absent : field.parse(text);
    }
    return b.build();
  }

  /**
   * Returns the record as its map form, keys in the order of {@link #fields()}; absent values are
   * left out.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (Field<?> field : FIELDS) {
      Object value = values[field.index];
      if (value != null) {
        map.put(field.key, value.toString());
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Returns the id of the account, the key of the record.
   *
   * @return 1 to 255 characters
   */
  public String accountId() {
    return (String) Objects.requireNonNull(values[ACCOUNT_ID.index]);
  }

  /**
   * Returns the version, which every replacement increments. {@link TwoFactor} inserts a new record
   * with a random version, so that a replacement prepared from a record that was deleted in the
   * meantime can never match the version of a later record of the same account.
   *
   * @return 0 or more
   */
  public long version() {
    return (Long) Objects.requireNonNull(values[VERSION.index]);
  }

  /**
   * Returns the random id of the active credential's enrollment.
   *
   * @return 22 characters of Base64url, or {@code null} if no secret is active (or the record was
   *     written by version 0.1)
   */
  public @Nullable String credentialId() {
    return CREDENTIAL_ID.get(this);
  }

  /**
   * Returns the active secret as sealed by the {@link SecretSealer}.
   *
   * @return the sealed text, or {@code null} if no secret is active
   */
  public @Nullable String secret() {
    return SECRET.get(this);
  }

  /**
   * Returns the HMAC algorithm of the active secret's codes.
   *
   * @return {@code "SHA1"}, {@code "SHA256"} or {@code "SHA512"}; {@code null} exactly when {@link
   *     #credentialId()} is
   */
  public @Nullable String algorithm() {
    return ALGORITHM.get(this);
  }

  /**
   * Returns the number of digits of the active secret's codes.
   *
   * @return 6 to 10, or {@code null} exactly when {@link #credentialId()} is
   */
  public @Nullable Integer digits() {
    return DIGITS.get(this);
  }

  /**
   * Returns the period of the active secret's codes.
   *
   * @return seconds, 1 to 86,400, or {@code null} exactly when {@link #credentialId()} is
   */
  public @Nullable Integer period() {
    return PERIOD.get(this);
  }

  /**
   * Returns when the active secret was confirmed or imported.
   *
   * @return the instant, or {@code null} exactly when {@link #secret()} is
   */
  public @Nullable Instant confirmedAt() {
    return CONFIRMED_AT.get(this);
  }

  /**
   * Returns the replay guard: the highest TOTP step accepted for the active secret. Codes of this
   * step and of every earlier one are refused.
   *
   * @return the step, or -1 if none
   */
  public long lastStep() {
    return (Long) Objects.requireNonNull(values[LAST_STEP.index]);
  }

  /**
   * Returns the time of the last successful sign-in.
   *
   * @return the instant, or {@code null} if none
   */
  public @Nullable Instant lastUsedAt() {
    return LAST_USED_AT.get(this);
  }

  /**
   * Returns the learned drift of the authenticator's clock, in steps; the window is centred on it.
   *
   * @return -100 to 100
   */
  public int drift() {
    return (Integer) Objects.requireNonNull(values[DRIFT.index]);
  }

  /**
   * Returns the random id of the pending enrollment.
   *
   * @return 22 characters of Base64url, or {@code null} if none is pending
   */
  public @Nullable String pendingId() {
    return PENDING_ID.get(this);
  }

  /**
   * Returns the sealed secret and code parameters of an enrollment that is not confirmed yet.
   *
   * @return the sealed text, or {@code null} if none is pending
   */
  public @Nullable String pendingSecret() {
    return PENDING_SECRET.get(this);
  }

  /**
   * Returns when the pending secret can no longer be confirmed.
   *
   * @return the instant, or {@code null} exactly when {@link #pendingSecret()} is
   */
  public @Nullable Instant pendingExpiresAt() {
    return PENDING_EXPIRES_AT.get(this);
  }

  /**
   * Returns the number of wrong codes since the last successful sign-in.
   *
   * @return 0 or more
   */
  public int failures() {
    return (Integer) Objects.requireNonNull(values[FAILURES.index]);
  }

  /**
   * Returns the number of wrong recovery codes since the last successful sign-in.
   *
   * @return 0 or more
   */
  public int recoveryFailures() {
    return (Integer) Objects.requireNonNull(values[RECOVERY_FAILURES.index]);
  }

  /**
   * Returns until when the daily failure budget is spent.
   *
   * @return the instant, or {@code null} if it is full
   */
  public @Nullable Instant budget24h() {
    return BUDGET_24H.get(this);
  }

  /**
   * Returns until when the 30-day failure budget is spent.
   *
   * @return the instant, or {@code null} if it is full
   */
  public @Nullable Instant budget30d() {
    return BUDGET_30D.get(this);
  }

  /**
   * Returns until when the daily failure budget of known sources is spent.
   *
   * @return the instant, or {@code null} if it is full
   */
  public @Nullable Instant knownBudget24h() {
    return KNOWN_BUDGET_24H.get(this);
  }

  /**
   * Returns until when the 30-day failure budget of known sources is spent.
   *
   * @return the instant, or {@code null} if it is full
   */
  public @Nullable Instant knownBudget30d() {
    return KNOWN_BUDGET_30D.get(this);
  }

  /**
   * Returns what the throttle keeps per client address: the back-off of each source that failed
   * since the last successful sign-in, and the sources that signed in.
   *
   * @return the encoded entries, or {@code null} if there are none
   */
  public @Nullable String sources() {
    return SOURCES.get(this);
  }

  /**
   * Returns the hashes of the unused recovery codes, sealed.
   *
   * @return the sealed text, or {@code null} if there are no recovery codes
   */
  public @Nullable String recoveryCodes() {
    return RECOVERY_CODES.get(this);
  }

  /**
   * Returns the trusted devices, sealed.
   *
   * @return the sealed text, or {@code null} if no device is trusted
   */
  public @Nullable String devices() {
    return DEVICES.get(this);
  }

  /**
   * Tells whether the record was written by version 0.1, which bound its secrets to less: an active
   * secret without a credential id, or a pending one without an enrollment id.
   */
  boolean isLegacy() {
    return credentialId() == null
        && (secret() != null || (pendingSecret() != null && pendingId() == null));
  }

  /**
   * Returns a builder for the next version of this record, holding its fields; finish it with
   * {@link Builder#buildNext()}.
   */
  Builder next() {
    return toBuilder().version(version() + 1);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return this == other
        || (other instanceof CredentialRecord that && Arrays.equals(values, that.values));
  }

  @Override
  public int hashCode() {
    return Objects.hash(accountId(), version());
  }

  /**
   * Describes the record without its secrets or hashes: only whether they are present.
   *
   * @return for example {@code "CredentialRecord[account \"agent-42\", version 3, secret sealed,
   *     confirmed 2026-01-01T00:01:00Z, last step 58922402, drift 0, no pending secret, 0 failures,
   *     10 recovery codes]"}
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("CredentialRecord[account ");
    s.append(Ascii.quote(accountId())).append(", version ").append(version());
    if (secret() == null) {
      s.append(", no secret");
    } else {
      s.append(", secret sealed");
      if (algorithm() != null) {
        s.append(' ').append(algorithm()).append('/').append(digits()).append('/');
        s.append(period()).append('s');
      }
      s.append(", confirmed ").append(confirmedAt());
    }
    s.append(", last step ").append(lastStep());
    if (lastUsedAt() != null) {
      s.append(", last used ").append(lastUsedAt());
    }
    s.append(", drift ").append(drift());
    s.append(
        pendingSecret() == null
            ? ", no pending secret"
            : ", pending secret sealed, expires " + pendingExpiresAt());
    s.append(", ").append(failures()).append(" failures");
    if (recoveryFailures() > 0) {
      s.append(", ").append(recoveryFailures()).append(" recovery code failures");
    }
    if (budget24h() != null
        || budget30d() != null
        || knownBudget24h() != null
        || knownBudget30d() != null) {
      s.append(", budgets spent");
    }
    if (sources() != null) {
      s.append(", sources");
    }
    if (recoveryCodes() != null) {
      s.append(", recovery codes sealed");
    }
    if (devices() != null) {
      s.append(", trusted devices sealed");
    }
    return s.append(']').toString();
  }

  private static @Nullable String checkId(String id) {
    if (id.length() != 22) {
      return "must be 22 characters of Base64url: " + id.length() + " characters";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return "must be 22 characters of Base64url: " + Ascii.describe(c) + " at index " + i;
      }
    }
    return null;
  }

  /** A sealed text: printable ASCII without spaces, of a bounded length; never shown. */
  private static @Nullable String checkSealed(String sealed) {
    if (sealed.isEmpty()) {
      return "must not be empty";
    }
    if (sealed.length() > MAX_SEALED_LENGTH) {
      return "must be at most " + MAX_SEALED_LENGTH + " characters: " + sealed.length();
    }
    for (int i = 0; i < sealed.length(); i++) {
      char c = sealed.charAt(i);
      if (c <= ' ' || c > '~') {
        return "must be printable ASCII without spaces: " + Ascii.describe(c) + " at index " + i;
      }
    }
    return null;
  }

  private static @Nullable String checkAlgorithm(String name) {
    for (Algorithm a : Algorithm.values()) {
      if (a.name().equals(name)) {
        return null;
      }
    }
    return "must be SHA1, SHA256 or SHA512: " + Ascii.quote(name);
  }

  private static @Nullable String checkSources(String text) {
    try {
      Sources.parse(text);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static @Nullable Field<?> fieldOf(String key) {
    for (Field<?> field : FIELDS) {
      if (field.key.equals(key)) {
        return field;
      }
    }
    return null;
  }

  /**
   * One field of a record: its key, its Java type and the rule its value follows. The constants of
   * {@link CredentialRecord} are the only instances. Immutable.
   *
   * @param <T> the type of the value: {@link String}, {@link Long}, {@link Integer} or {@link
   *     Instant}
   */
  public static final class Field<T> {
    /** A rule on a present value; returns what must hold, or {@code null} if it holds. */
    private interface Rule<T> {
      @Nullable String check(T value);
    }

    final int index;
    private final String key;
    private final Class<T> type;
    final @Nullable T absent;
    private final long min;
    private final long max;
    private Rule<T> rule;

    private Field(
        int index,
        String key,
        Class<T> type,
        @Nullable T absent,
        long min,
        long max,
        Rule<T> rule) {
      this.index = index;
      this.key = key;
      this.type = type;
      this.absent = absent;
      this.min = min;
      this.max = max;
      this.rule = rule;
      FIELDS[index] = this;
    }

    private static Field<String> text(int index, String key, @Nullable String absent) {
      return new Field<>(index, key, String.class, absent, 0, 0, value -> null);
    }

    private static Field<String> sealed(int index, String key) {
      return new Field<>(index, key, String.class, null, 0, 0, CredentialRecord::checkSealed);
    }

    private static Field<Instant> instant(int index, String key) {
      return new Field<>(index, key, Instant.class, null, 0, 0, value -> null);
    }

    private static Field<Long> number(
        int index, String key, @Nullable Long absent, long min, long max) {
      return new Field<>(index, key, Long.class, absent, min, max, v -> range(v, min, max));
    }

    private static Field<Integer> integer(
        int index, String key, @Nullable Integer absent, int min, int max) {
      return new Field<>(index, key, Integer.class, absent, min, max, v -> range(v, min, max));
    }

    private static @Nullable String range(long value, long min, long max) {
      return value >= min && value <= max
          ? null
          : "must be between " + min + " and " + max + ": " + value;
    }

    /** Adds a rule to this field's rule. */
    private Field<T> check(Rule<T> more) {
      Rule<T> first = rule;
      this.rule =
          value -> {
            String problem = first.check(value);
            return problem != null ? problem : more.check(value);
          };
      return this;
    }

    /**
     * Returns the key: the column name of a SQL table and the key of the map form.
     *
     * @return for example {@code "last_step"}
     */
    public String key() {
      return key;
    }

    /**
     * Returns the Java type of the value, which says how a repository stores it.
     *
     * @return {@code String.class}, {@code Long.class}, {@code Integer.class} or {@code
     *     Instant.class}
     */
    public Class<T> type() {
      return type;
    }

    /**
     * Returns this field's value in a record.
     *
     * @param record the record
     * @return the value, or {@code null} if it is absent
     */
    public @Nullable T get(CredentialRecord record) {
      return type.cast(record.values[index]);
    }

    /** Reads the map form's text of this field. */
    Object parse(String text) {
      if (type == String.class) {
        return text;
      }
      if (type == Instant.class) {
        try {
          return Instant.parse(text);
        } catch (DateTimeParseException e) {
          throw new InvalidCredentialRecordException(
              problem(
                  "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z: " + Ascii.quote(text)),
              key,
              e);
        }
      }
      long value = Ascii.parseDecimal(text);
      if (value == Long.MIN_VALUE) {
        throw new InvalidCredentialRecordException(
            problem("must be an ASCII decimal integer: " + Ascii.quote(text)), key);
      }
      String outOfRange = range(value, min, max);
      if (outOfRange != null) {
        throw new InvalidCredentialRecordException(problem(outOfRange), key);
      }
      return type == Long.class ? (Object) value : (Object) (int) value;
    }

    /** Checks a present value, whose type the builder guarantees. */
    @Nullable String checkValue(Object value) {
      return rule.check(type.cast(value));
    }

    String problem(String what) {
      return "credential record key \"" + key + "\": " + what;
    }

    /**
     * Describes the field.
     *
     * @return for example {@code "Field[last_step, Long]"}
     */
    @Override
    public String toString() {
      return "Field[" + key + ", " + type.getSimpleName() + "]";
    }
  }

  /**
   * Builds a {@link CredentialRecord}; values are checked once, in {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private final @Nullable Object[] values;

    private Builder(@Nullable Object[] values) {
      this.values = values;
    }

    /**
     * Sets one field; {@code null} sets it to its default, or absent if it has none.
     *
     * @param <T> the type of the field
     * @param field the field, one of the constants of {@link CredentialRecord}
     * @param value the value, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException if the field is the account id, which a builder keeps
     */
    public <T> Builder set(Field<T> field, @Nullable T value) {
      Objects.requireNonNull(field, "field");
      if (field == ACCOUNT_ID) {
        throw new IllegalArgumentException("the account id of a builder cannot change");
      }
      values[field.index] = value == null ? field.absent : field.type().cast(value);
      return this;
    }

    /**
     * Sets the version. Default 0.
     *
     * @param version 0 or more
     * @return this builder
     */
    public Builder version(long version) {
      return set(VERSION, version);
    }

    /**
     * Sets the active secret, sealed, and when it was confirmed; both or neither.
     *
     * @param sealedSecret the sealed secret, or {@code null} for none
     * @param confirmedAt when it was confirmed, or {@code null} for none
     * @return this builder
     */
    public Builder secret(@Nullable String sealedSecret, @Nullable Instant confirmedAt) {
      return set(SECRET, sealedSecret).set(CONFIRMED_AT, confirmedAt);
    }

    /**
     * Sets the replay guard, the highest step accepted. Default -1, none.
     *
     * @param lastStep -1 or more
     * @return this builder
     */
    public Builder lastStep(long lastStep) {
      return set(LAST_STEP, lastStep);
    }

    /**
     * Sets the time of the last successful login. Default none.
     *
     * @param lastUsedAt the instant, or {@code null}
     * @return this builder
     */
    public Builder lastUsedAt(@Nullable Instant lastUsedAt) {
      return set(LAST_USED_AT, lastUsedAt);
    }

    /**
     * Sets the learned drift in steps. Default 0.
     *
     * @param drift -10 to 10
     * @return this builder
     */
    public Builder drift(int drift) {
      return set(DRIFT, drift);
    }

    /**
     * Sets the pending secret, sealed, and when it expires; both or neither.
     *
     * @param sealedSecret the sealed secret, or {@code null} for none
     * @param expiresAt when it can no longer be confirmed, or {@code null} for none
     * @return this builder
     */
    public Builder pendingSecret(@Nullable String sealedSecret, @Nullable Instant expiresAt) {
      return set(PENDING_SECRET, sealedSecret).set(PENDING_EXPIRES_AT, expiresAt);
    }

    /**
     * Sets the number of wrong codes since the last successful sign-in. Default 0.
     *
     * @param failures 0 or more
     * @return this builder
     */
    public Builder failures(int failures) {
      return set(FAILURES, failures);
    }

    /**
     * Sets the sealed hashes of the unused recovery codes. Default none.
     *
     * @param recoveryCodes the sealed text, or {@code null}
     * @return this builder
     */
    public Builder recoveryCodes(@Nullable String recoveryCodes) {
      return set(RECOVERY_CODES, recoveryCodes);
    }

    /**
     * Checks the values and builds the record.
     *
     * @return the record
     * @throws InvalidCredentialRecordException if a value breaks its field's rule, or two fields
     *     that go together are not both present; the message names the key and never shows the
     *     value of a secret or of the recovery codes
     */
    public CredentialRecord build() {
      for (Field<?> field : FIELDS) {
        Object value = values[field.index];
        if (value == null) {
          if (field.absent == null && (field == ACCOUNT_ID || field == VERSION)) {
            throw new InvalidCredentialRecordException(
                "credential record: missing key \"" + field.key + "\"", field.key);
          }
          continue;
        }
        String problem = field.checkValue(value);
        if (problem != null) {
          throw new InvalidCredentialRecordException(field.problem(problem), field.key);
        }
      }
      together(SECRET, CONFIRMED_AT);
      together(CREDENTIAL_ID, ALGORITHM);
      together(CREDENTIAL_ID, DIGITS);
      together(CREDENTIAL_ID, PERIOD);
      requires(CREDENTIAL_ID, SECRET);
      together(PENDING_SECRET, PENDING_EXPIRES_AT);
      requires(PENDING_ID, PENDING_SECRET);
      return new CredentialRecord(values.clone());
    }

    private void together(Field<?> first, Field<?> second) {
      boolean hasFirst = values[first.index] != null;
      boolean hasSecond = values[second.index] != null;
      if (hasFirst != hasSecond) {
        Field<?> missing = hasFirst ? second : first;
        Field<?> present = hasFirst ? first : second;
        throw new InvalidCredentialRecordException(
            "credential record: missing key \""
                + missing.key
                + "\", required with \""
                + present.key
                + "\"",
            missing.key);
      }
    }

    private void requires(Field<?> dependent, Field<?> required) {
      if (values[dependent.index] != null && values[required.index] == null) {
        throw new InvalidCredentialRecordException(
            "credential record: missing key \""
                + required.key
                + "\", required with \""
                + dependent.key
                + "\"",
            required.key);
      }
    }

    /**
     * Builds the record that {@link CredentialRecord#next()} started, without the checks of {@link
     * #build()}: its fields passed them, and the service sets only values it computed.
     */
    CredentialRecord buildNext() {
      return new CredentialRecord(values.clone());
    }
  }
}
