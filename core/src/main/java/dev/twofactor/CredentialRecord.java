package dev.twofactor;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * <p>Each field is one column of a SQL row, or one entry of the flat map of {@link #toMap()} and
 * {@link #fromMap(Map)}, whose keys are the column names below. Absent values are SQL {@code NULL}
 * and are left out of the map.
 *
 * <table class="striped">
 *   <caption>Keys of the map, in the order {@link #toMap()} writes them</caption>
 *   <thead><tr><th>key</th><th>value</th><th>meaning</th></tr></thead>
 *   <tbody>
 *   <tr><td>{@code account_id}</td><td>text, 1 to 255 characters, always present</td>
 *       <td>the host's id of the account; the key of the row</td></tr>
 *   <tr><td>{@code version}</td><td>integer &ge; 0, always present</td>
 *       <td>incremented by every replacement</td></tr>
 *   <tr><td>{@code secret}</td><td>text, optional</td>
 *       <td>the active secret, sealed by the {@link SecretSealer}</td></tr>
 *   <tr><td>{@code confirmed_at}</td><td>instant, present if and only if {@code secret} is</td>
 *       <td>when the active secret was confirmed</td></tr>
 *   <tr><td>{@code last_step}</td><td>integer &ge; -1, default -1</td>
 *       <td>the replay guard: the highest TOTP step accepted for the active secret</td></tr>
 *   <tr><td>{@code last_used_at}</td><td>instant, optional</td>
 *       <td>the last successful login, with a code or a recovery code</td></tr>
 *   <tr><td>{@code drift}</td><td>integer -10 to 10, default 0</td>
 *       <td>the learned clock drift of the authenticator in steps (RFC 6238 §6)</td></tr>
 *   <tr><td>{@code pending_secret}</td><td>text, optional</td>
 *       <td>a sealed secret enrolled but not yet confirmed (a first enrollment or a
 *       rotation)</td></tr>
 *   <tr><td>{@code pending_expires_at}</td>
 *       <td>instant, present if and only if {@code pending_secret} is</td>
 *       <td>when the pending secret can no longer be confirmed</td></tr>
 *   <tr><td>{@code failures}</td><td>integer &ge; 0, default 0</td>
 *       <td>consecutive wrong codes and recovery codes</td></tr>
 *   <tr><td>{@code retry_after}</td><td>instant, optional</td>
 *       <td>no attempt is checked before it</td></tr>
 *   <tr><td>{@code recovery_codes}</td><td>text, optional</td>
 *       <td>salted PBKDF2 hashes of the unused recovery codes:
 *       {@code pbkdf2-sha256:<iterations>:<salt>:<hash>,<hash>,...}, salt and hashes in
 *       unpadded Base64</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Integers are ASCII decimal ({@code -?[0-9]+}), instants ISO-8601 in UTC as written by {@link
 * Instant#toString()} (for example {@code 2026-01-01T00:00:30Z}). A SQL schema uses {@code
 * VARCHAR(255)} for {@code account_id}, {@code BIGINT} for {@code version} and {@code last_step},
 * {@code INTEGER} for {@code drift} and {@code failures}, a timestamp in UTC for the instants and
 * text for {@code secret} and {@code pending_secret} (73 characters and the key id with {@link
 * AesGcmSecretSealer}) and for {@code recovery_codes} (483 characters for the default 10 codes, 44
 * more per code).
 *
 * <p><b>Security note:</b> {@link #toString()} shows neither secret nor hash, only whether they are
 * present. With {@link SecretSealer#insecurePlainText()} the {@code secret} column holds the key
 * itself.
 */
public final class CredentialRecord {
  /** The longest account id, so that it fits a {@code VARCHAR(255)} primary key. */
  static final int MAX_ACCOUNT_ID_LENGTH = 255;

  private static final Set<String> KEYS =
      Set.of(
          "account_id",
          "version",
          "secret",
          "confirmed_at",
          "last_step",
          "last_used_at",
          "drift",
          "pending_secret",
          "pending_expires_at",
          "failures",
          "retry_after",
          "recovery_codes");

  private final String accountId;
  private final long version;
  private final @Nullable String secret;
  private final @Nullable Instant confirmedAt;
  private final long lastStep;
  private final @Nullable Instant lastUsedAt;
  private final int drift;
  private final @Nullable String pendingSecret;
  private final @Nullable Instant pendingExpiresAt;
  private final int failures;
  private final @Nullable Instant retryAfter;
  private final @Nullable String recoveryCodes;

  private CredentialRecord(Builder b) {
    this(
        b.accountId,
        b.version,
        b.secret,
        b.confirmedAt,
        b.lastStep,
        b.lastUsedAt,
        b.drift,
        b.pendingSecret,
        b.pendingExpiresAt,
        b.failures,
        b.retryAfter,
        b.recoveryCodes);
  }

  @SuppressWarnings("TooManyParameters") // one per column; private, for the copies on the hot path
  private CredentialRecord(
      String accountId,
      long version,
      @Nullable String secret,
      @Nullable Instant confirmedAt,
      long lastStep,
      @Nullable Instant lastUsedAt,
      int drift,
      @Nullable String pendingSecret,
      @Nullable Instant pendingExpiresAt,
      int failures,
      @Nullable Instant retryAfter,
      @Nullable String recoveryCodes) {
    this.accountId = accountId;
    this.version = version;
    this.secret = secret;
    this.confirmedAt = confirmedAt;
    this.lastStep = lastStep;
    this.lastUsedAt = lastUsedAt;
    this.drift = drift;
    this.pendingSecret = pendingSecret;
    this.pendingExpiresAt = pendingExpiresAt;
    this.failures = failures;
    this.retryAfter = retryAfter;
    this.recoveryCodes = recoveryCodes;
  }

  /**
   * Returns a builder for a record of the given account, with version 0 and nothing stored.
   *
   * @param accountId the account, 1 to 255 characters
   * @return a new builder
   */
  public static Builder builder(String accountId) {
    return new Builder(Objects.requireNonNull(accountId, "accountId"));
  }

  /**
   * Returns a builder that starts from this record.
   *
   * @return a new builder with this record's values
   */
  public Builder toBuilder() {
    Builder b = new Builder(accountId);
    b.version = version;
    b.secret = secret;
    b.confirmedAt = confirmedAt;
    b.lastStep = lastStep;
    b.lastUsedAt = lastUsedAt;
    b.drift = drift;
    b.pendingSecret = pendingSecret;
    b.pendingExpiresAt = pendingExpiresAt;
    b.failures = failures;
    b.retryAfter = retryAfter;
    b.recoveryCodes = recoveryCodes;
    return b;
  }

  /**
   * Reads a record from the flat map of the table above, as a key-value store or a row returns it.
   * A key mapped to {@code null} counts as absent.
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
      if (!KEYS.contains(key)) {
        throw new InvalidCredentialRecordException(
            "credential record: unknown key " + Ascii.quote(key), key);
      }
    }
    String accountId = required(map, "account_id");
    check(!accountId.isEmpty(), "account_id", "must not be empty");
    check(
        accountId.length() <= MAX_ACCOUNT_ID_LENGTH,
        "account_id",
        "must be at most " + MAX_ACCOUNT_ID_LENGTH + " characters: " + accountId.length());
    Builder b = new Builder(accountId);
    b.version = integer("version", required(map, "version"), 0, Long.MAX_VALUE);
    b.secret = sealed(map, "secret");
    b.confirmedAt = instant(map, "confirmed_at");
    b.lastStep = optionalInteger(map, "last_step", -1, -1, Long.MAX_VALUE);
    b.lastUsedAt = instant(map, "last_used_at");
    b.drift = (int) optionalInteger(map, "drift", 0, -Checks.MAX_WINDOW, Checks.MAX_WINDOW);
    b.pendingSecret = sealed(map, "pending_secret");
    b.pendingExpiresAt = instant(map, "pending_expires_at");
    b.failures = (int) optionalInteger(map, "failures", 0, 0, Integer.MAX_VALUE);
    b.retryAfter = instant(map, "retry_after");
    String recovery = map.get("recovery_codes");
    if (recovery != null) {
      try {
        RecoveryCodeSet.parse(recovery);
      } catch (IllegalArgumentException e) {
        throw new InvalidCredentialRecordException(
            "credential record key \"recovery_codes\": " + e.getMessage(), "recovery_codes", e);
      }
      b.recoveryCodes = recovery;
    }
    together(b.secret != null, b.confirmedAt != null, "secret", "confirmed_at");
    together(
        b.pendingSecret != null,
        b.pendingExpiresAt != null,
        "pending_secret",
        "pending_expires_at");
    return b.build();
  }

  /**
   * Returns the record as the flat map of the table above, keys in that order; absent values are
   * left out.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("account_id", accountId);
    map.put("version", Long.toString(version));
    putIfPresent(map, "secret", secret);
    putIfPresent(map, "confirmed_at", confirmedAt);
    map.put("last_step", Long.toString(lastStep));
    putIfPresent(map, "last_used_at", lastUsedAt);
    map.put("drift", Integer.toString(drift));
    putIfPresent(map, "pending_secret", pendingSecret);
    putIfPresent(map, "pending_expires_at", pendingExpiresAt);
    map.put("failures", Integer.toString(failures));
    putIfPresent(map, "retry_after", retryAfter);
    putIfPresent(map, "recovery_codes", recoveryCodes);
    return Collections.unmodifiableMap(map);
  }

  /**
   * Returns the id of the account, the key of the record.
   *
   * @return 1 to 255 characters
   */
  public String accountId() {
    return accountId;
  }

  /**
   * Returns the version, which every replacement increments. {@link TwoFactor} inserts a new record
   * with a random version, so that a replacement prepared from a record that was deleted in the
   * meantime can never match the version of a later record of the same account.
   *
   * @return 0 or more
   */
  public long version() {
    return version;
  }

  /**
   * Returns the active secret as sealed by the {@link SecretSealer}.
   *
   * @return the sealed text, or {@code null} if no secret is active
   */
  public @Nullable String secret() {
    return secret;
  }

  /**
   * Returns when the active secret was confirmed.
   *
   * @return the instant, or {@code null} exactly when {@link #secret()} is
   */
  public @Nullable Instant confirmedAt() {
    return confirmedAt;
  }

  /**
   * Returns the replay guard: the highest TOTP step accepted for the active secret. Codes of this
   * step and of every earlier one are refused.
   *
   * @return the step, or -1 if none
   */
  public long lastStep() {
    return lastStep;
  }

  /**
   * Returns the time of the last successful login with a code or a recovery code.
   *
   * @return the instant, or {@code null} if none
   */
  public @Nullable Instant lastUsedAt() {
    return lastUsedAt;
  }

  /**
   * Returns the learned drift of the authenticator's clock, in steps; the window is centred on it.
   *
   * @return -10 to 10
   */
  public int drift() {
    return drift;
  }

  /**
   * Returns the sealed secret of an enrollment that is not confirmed yet.
   *
   * @return the sealed text, or {@code null} if none is pending
   */
  public @Nullable String pendingSecret() {
    return pendingSecret;
  }

  /**
   * Returns when the pending secret can no longer be confirmed.
   *
   * @return the instant, or {@code null} exactly when {@link #pendingSecret()} is
   */
  public @Nullable Instant pendingExpiresAt() {
    return pendingExpiresAt;
  }

  /**
   * Returns the number of consecutive wrong codes and recovery codes.
   *
   * @return 0 or more
   */
  public int failures() {
    return failures;
  }

  /**
   * Returns the instant before which no attempt is checked.
   *
   * @return the instant, or {@code null} if attempts are not delayed
   */
  public @Nullable Instant retryAfter() {
    return retryAfter;
  }

  /**
   * Returns the salted hashes of the unused recovery codes, in the format of the table above.
   *
   * @return the encoded hashes, or {@code null} if there are no recovery codes
   */
  public @Nullable String recoveryCodes() {
    return recoveryCodes;
  }

  /**
   * Returns a builder for the next version of this record, holding its fields; finish it with
   * {@link Builder#buildNext()}.
   */
  Builder next() {
    return toBuilder().version(version + 1);
  }

  /** Returns a copy with the next version after a successful login. */
  CredentialRecord nextLogin(long step, int drift, Instant at) {
    return new CredentialRecord(
        accountId,
        version + 1,
        secret,
        confirmedAt,
        step,
        at,
        drift,
        pendingSecret,
        pendingExpiresAt,
        0,
        null,
        recoveryCodes);
  }

  /** Returns a copy with the next version and the throttle state after a failure. */
  CredentialRecord nextFailure(int failures, @Nullable Instant retryAfter) {
    return new CredentialRecord(
        accountId,
        version + 1,
        secret,
        confirmedAt,
        lastStep,
        lastUsedAt,
        drift,
        pendingSecret,
        pendingExpiresAt,
        failures,
        retryAfter,
        recoveryCodes);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof CredentialRecord that
        && accountId.equals(that.accountId)
        && version == that.version
        && Objects.equals(secret, that.secret)
        && Objects.equals(confirmedAt, that.confirmedAt)
        && lastStep == that.lastStep
        && Objects.equals(lastUsedAt, that.lastUsedAt)
        && drift == that.drift
        && Objects.equals(pendingSecret, that.pendingSecret)
        && Objects.equals(pendingExpiresAt, that.pendingExpiresAt)
        && failures == that.failures
        && Objects.equals(retryAfter, that.retryAfter)
        && Objects.equals(recoveryCodes, that.recoveryCodes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accountId, version);
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
    s.append(Ascii.quote(accountId)).append(", version ").append(version);
    s.append(secret == null ? ", no secret" : ", secret sealed, confirmed " + confirmedAt);
    s.append(", last step ").append(lastStep);
    if (lastUsedAt != null) {
      s.append(", last used ").append(lastUsedAt);
    }
    s.append(", drift ").append(drift);
    s.append(
        pendingSecret == null
            ? ", no pending secret"
            : ", pending secret sealed, expires " + pendingExpiresAt);
    s.append(", ").append(failures).append(" failures");
    if (retryAfter != null) {
      s.append(", retry after ").append(retryAfter);
    }
    if (recoveryCodes != null) {
      s.append(", ").append(RecoveryCodeSet.parse(recoveryCodes).size()).append(" recovery codes");
    }
    return s.append(']').toString();
  }

  /** Checks an account id as every record's key: 1 to 255 characters. */
  static void checkAccountId(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    if (accountId.isEmpty()) {
      throw new IllegalArgumentException("accountId must not be empty");
    }
    if (accountId.length() > MAX_ACCOUNT_ID_LENGTH) {
      throw new IllegalArgumentException(
          "accountId must be at most "
              + MAX_ACCOUNT_ID_LENGTH
              + " characters: "
              + accountId.length());
    }
  }

  private static String required(Map<String, String> map, String key) {
    String value = map.get(key);
    if (value == null) {
      throw new InvalidCredentialRecordException(
          "credential record: missing key \"" + key + "\"", key);
    }
    return value;
  }

  private static void check(boolean condition, String key, String what) {
    if (!condition) {
      throw new InvalidCredentialRecordException(
          "credential record key \"" + key + "\": " + what, key);
    }
  }

  private static void together(boolean first, boolean second, String firstKey, String secondKey) {
    if (first && !second) {
      throw new InvalidCredentialRecordException(
          "credential record: missing key \""
              + secondKey
              + "\", required with \""
              + firstKey
              + "\"",
          secondKey);
    }
    if (second && !first) {
      throw new InvalidCredentialRecordException(
          "credential record: missing key \""
              + firstKey
              + "\", required with \""
              + secondKey
              + "\"",
          firstKey);
    }
  }

  private static long optionalInteger(
      Map<String, String> map, String key, long absent, long min, long max) {
    String text = map.get(key);
    return text == null ? absent : integer(key, text, min, max);
  }

  private static long integer(String key, String text, long min, long max) {
    long value;
    try {
      // Long.parseLong alone would also take "+7" and Arabic-Indic digits.
      value = isAsciiDecimal(text) ? Long.parseLong(text) : Long.MIN_VALUE;
    } catch (NumberFormatException e) {
      value = Long.MIN_VALUE; // beyond the range of a long
    }
    check(value != Long.MIN_VALUE, key, "must be an ASCII decimal integer: " + Ascii.quote(text));
    check(
        value >= min && value <= max, key, "must be between " + min + " and " + max + ": " + value);
    return value;
  }

  private static boolean isAsciiDecimal(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (text.length() == start) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static @Nullable Instant instant(Map<String, String> map, String key) {
    String text = map.get(key);
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidCredentialRecordException(
          "credential record key \""
              + key
              + "\": must be an ISO-8601 instant such as"
              + " 2026-01-01T00:00:00Z: "
              + Ascii.quote(text),
          key,
          e);
    }
  }

  private static @Nullable String sealed(Map<String, String> map, String key) {
    String text = map.get(key);
    // The value is never shown: with the plain-text sealer it is the secret itself.
    check(text == null || !text.isEmpty(), key, "must not be empty");
    return text;
  }

  private static void putIfPresent(Map<String, String> map, String key, @Nullable Object value) {
    if (value != null) {
      map.put(key, value.toString());
    }
  }

  /**
   * Builds a {@link CredentialRecord}; values are checked once, in {@link #build()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private final String accountId;
    private long version;
    private @Nullable String secret;
    private @Nullable Instant confirmedAt;
    private long lastStep = -1;
    private @Nullable Instant lastUsedAt;
    private int drift;
    private @Nullable String pendingSecret;
    private @Nullable Instant pendingExpiresAt;
    private int failures;
    private @Nullable Instant retryAfter;
    private @Nullable String recoveryCodes;

    private Builder(String accountId) {
      this.accountId = accountId;
    }

    /**
     * Sets the version. Default 0.
     *
     * @param version 0 or more
     * @return this builder
     */
    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /**
     * Sets the active secret, sealed, and when it was confirmed; both or neither.
     *
     * @param sealedSecret the sealed secret, or {@code null} for none
     * @param confirmedAt when it was confirmed, or {@code null} for none
     * @return this builder
     */
    public Builder secret(@Nullable String sealedSecret, @Nullable Instant confirmedAt) {
      this.secret = sealedSecret;
      this.confirmedAt = confirmedAt;
      return this;
    }

    /**
     * Sets the replay guard, the highest step accepted. Default -1, none.
     *
     * @param lastStep -1 or more
     * @return this builder
     */
    public Builder lastStep(long lastStep) {
      this.lastStep = lastStep;
      return this;
    }

    /**
     * Sets the time of the last successful login. Default none.
     *
     * @param lastUsedAt the instant, or {@code null}
     * @return this builder
     */
    public Builder lastUsedAt(@Nullable Instant lastUsedAt) {
      this.lastUsedAt = lastUsedAt;
      return this;
    }

    /**
     * Sets the learned drift in steps. Default 0.
     *
     * @param drift -10 to 10
     * @return this builder
     */
    public Builder drift(int drift) {
      this.drift = drift;
      return this;
    }

    /**
     * Sets the pending secret, sealed, and when it expires; both or neither.
     *
     * @param sealedSecret the sealed secret, or {@code null} for none
     * @param expiresAt when it can no longer be confirmed, or {@code null} for none
     * @return this builder
     */
    public Builder pendingSecret(@Nullable String sealedSecret, @Nullable Instant expiresAt) {
      this.pendingSecret = sealedSecret;
      this.pendingExpiresAt = expiresAt;
      return this;
    }

    /**
     * Sets the number of consecutive failures. Default 0.
     *
     * @param failures 0 or more
     * @return this builder
     */
    public Builder failures(int failures) {
      this.failures = failures;
      return this;
    }

    /**
     * Sets the instant before which no attempt is checked. Default none.
     *
     * @param retryAfter the instant, or {@code null}
     * @return this builder
     */
    public Builder retryAfter(@Nullable Instant retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    /**
     * Sets the encoded hashes of the unused recovery codes. Default none.
     *
     * @param recoveryCodes text in the format of the record's table, or {@code null}
     * @return this builder
     */
    public Builder recoveryCodes(@Nullable String recoveryCodes) {
      this.recoveryCodes = recoveryCodes;
      return this;
    }

    /**
     * Checks the values and builds the record.
     *
     * @return the record
     * @throws IllegalArgumentException if a value is out of the range its setter names, a sealed
     *     secret is empty, a secret and its instant are not both set or both unset, or the recovery
     *     codes are not in the documented format
     */
    public CredentialRecord build() {
      checkAccountId(accountId);
      if (version < 0) {
        throw new IllegalArgumentException("version must not be negative: " + version);
      }
      if (lastStep < -1) {
        throw new IllegalArgumentException("lastStep must be -1 or more: " + lastStep);
      }
      if (drift < -Checks.MAX_WINDOW || drift > Checks.MAX_WINDOW) {
        throw new IllegalArgumentException(
            "drift must be between -"
                + Checks.MAX_WINDOW
                + " and "
                + Checks.MAX_WINDOW
                + ": "
                + drift);
      }
      if (failures < 0) {
        throw new IllegalArgumentException("failures must not be negative: " + failures);
      }
      if ((secret == null) != (confirmedAt == null)) {
        throw new IllegalArgumentException("secret and confirmedAt must be both set or both unset");
      }
      if ((pendingSecret == null) != (pendingExpiresAt == null)) {
        throw new IllegalArgumentException(
            "pendingSecret and pendingExpiresAt must be both set or both unset");
      }
      if ((secret != null && secret.isEmpty())
          || (pendingSecret != null && pendingSecret.isEmpty())) {
        throw new IllegalArgumentException("a sealed secret must not be empty");
      }
      if (recoveryCodes != null) {
        RecoveryCodeSet.parse(recoveryCodes);
      }
      return new CredentialRecord(this);
    }

    /**
     * Builds the record that {@link CredentialRecord#next()} started, without the checks of {@link
     * #build()}: its fields passed them, and the service sets only values it computed.
     */
    CredentialRecord buildNext() {
      return new CredentialRecord(this);
    }
  }
}
