package dev.twofactor;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Authenticator-app two-factor login for a host application: enroll, confirm, verify, recovery
 * codes, rotation, reset and status, each one call.
 *
 * <pre>{@code
 * TwoFactor tf = TwoFactor.builder().issuer("ACME Help Desk").build();
 *
 * Enrollment e = tf.enroll("agent-42", "alice@example.com");
 * String qrText = e.uri().toUriString(); // show it as a QR code, and e.manualKey() for typing
 * Verification c = tf.confirm("agent-42", firstCodeFromTheApp(qrText));
 *
 * Verification v = tf.verify("agent-42", codeFromTheLoginForm());
 * if (v.isAccepted()) {
 *   // second factor passed
 * }
 * }</pre>
 *
 * <p>Every rule lives here, once; the {@link CredentialRepository} only loads a {@link
 * CredentialRecord} and replaces it if it is unchanged. Each operation reads the record, decides,
 * and stores the outcome with one conditional replacement, reading and deciding again when another
 * thread or node changed the record in between. So the rules below hold across threads, restarts
 * and nodes that share one repository:
 *
 * <ul>
 *   <li><b>Replay guard</b> (RFC 6238 §5.2): once a code of step <i>s</i> logs in, every code of
 *       step <i>s</i> or earlier is {@code REPLAYED}, including an older code still inside the
 *       window. Of any number of concurrent attempts with one code, exactly one is accepted.
 *   <li><b>Throttle</b> (RFC 4226 §7.3): wrong codes and wrong recovery codes are counted in the
 *       record; after the free ones the credential takes no attempt for a time that doubles up to a
 *       lock-out ({@link ThrottlePolicy}); a throttled attempt is {@code THROTTLED} with {@link
 *       Verification#retryAfter()}, is not checked and not counted; a login resets the count.
 *   <li><b>Drift</b> (RFC 6238 §6): the step a code matched, relative to the current one, is stored
 *       and the next window is centred on it; it is capped so that the window always contains the
 *       current step (at most {@link Totp#windowBehind()} ahead and {@link Totp#windowAhead()}
 *       behind), so a phone whose clock is corrected keeps working.
 *   <li><b>Enrollment</b>: a new secret is pending until one correct code confirms it (which
 *       catches an app that silently ignored SHA-256 or 8 digits), and expires after {@link
 *       Builder#enrollmentTimeout(Duration)}. Enrolling while active starts a rotation: the active
 *       secret keeps working until the new one is confirmed.
 *   <li><b>Recovery codes</b>: a set is shown once and stored as salted PBKDF2 hashes; each code
 *       logs in once; a new set replaces the old one ({@link RecoveryCodePolicy}).
 *   <li><b>Reset</b>: {@link #disable(String)} deletes the secret, the replay and throttle state
 *       and the recovery codes; enrolling again gives a new secret.
 * </ul>
 *
 * <p>Verifying never throws for a bad code: it returns a rejected {@link Verification} with a
 * reason. It throws for caller mistakes (an empty account id), for a record whose secret does not
 * open ({@link SealedSecretException}), for storage failures of the repository, and with {@link
 * ConcurrentModificationException} if the record changed under it 1,000 times in a row.
 * Thread-safe.
 *
 * <p><b>Security note:</b> secrets reach the repository only as sealed by the {@link SecretSealer}.
 * To verify without opening the seal and decoding the key at every login, an instance keeps the
 * opened secret of each account it verified (at most 10,000 accounts, then it starts over), keyed
 * by the sealed text: a new, rotated or deleted secret has another sealed text, so a stale entry is
 * never used; {@link #disable(String)} drops the entry. The opened keys are in the heap in any case
 * while a code is checked; the cache keeps them there between logins. No secret, code or recovery
 * code appears in a message, an event or a {@code toString()}.
 */
public final class TwoFactor {
  /** How often an operation reads, decides and tries to store again before giving up. */
  static final int MAX_ATTEMPTS = 1_000;

  /** The longest time an enrollment can wait for its confirmation. */
  static final Duration MAX_ENROLLMENT_TIMEOUT = Duration.ofDays(1);

  private final String issuer;
  private final CredentialRepository repository;
  private final Clock clock;
  private final SecureRandom random;
  private final Totp totp;
  private final RecoveryCodePolicy recoveryCodePolicy;
  private final SecretSealer sealer;
  private final @Nullable Consumer<? super TwoFactorEvent> listener;
  private final Duration enrollmentTimeout;
  private final Rules rules;

  private TwoFactor(Builder builder, String issuer, SecretSealer sealer) {
    this.issuer = issuer;
    this.repository =
        builder.repository != null ? builder.repository : new InMemoryCredentialRepository();
    this.clock = builder.clock;
    this.random = builder.random != null ? builder.random : new SecureRandom();
    this.totp = builder.totp;
    this.recoveryCodePolicy = builder.recoveryCodes;
    this.sealer = sealer;
    this.listener = builder.listener;
    this.enrollmentTimeout = builder.enrollmentTimeout;
    this.rules = new Rules(builder.totp, builder.throttle, sealer);
  }

  /**
   * Returns a builder; only the issuer is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts an enrollment: generates a 160-bit secret, stores it sealed as pending, and returns what
   * the user's app needs.
   *
   * <p>The pending secret cannot log in until {@link #confirm(String, CharSequence)} accepts a code
   * of it, before the enrollment expires. If the account already has an active secret, this starts
   * a rotation: the active secret keeps working until the new one is confirmed. Enrolling again
   * while an enrollment is pending replaces it. The throttle state is kept.
   *
   * @param accountId the host's stable id of the account, 1 to 255 characters
   * @param accountName the name the app shows under the issuer, for example an e-mail address; not
   *     empty, no colon, no control characters, no whitespace at either end
   * @return the URI, the manual key and the expiry
   * @throws IllegalArgumentException if the account id or the account name breaks these rules
   */
  public Enrollment enroll(String accountId, String accountName) {
    CredentialRecord.checkAccountId(accountId);
    Objects.requireNonNull(accountName, "accountName");
    Secret secret = Secret.generate(Secret.DEFAULT_BYTES, random);
    OtpAuthUri uri = uri(secret, accountName);
    String sealed = sealer.seal(accountId, secret);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(enrollmentTimeout);
    long firstVersion = random.nextLong() >>> 2;
    boolean rotation =
        update(accountId, r -> rules.enroll(r, accountId, now, sealed, expiresAt, firstVersion));
    return new Enrollment(accountId, uri, expiresAt, rotation);
  }

  private OtpAuthUri uri(Secret secret, String accountName) {
    return OtpAuthUri.totp(secret)
        .issuer(issuer)
        .account(accountName)
        .algorithm(totp.algorithm())
        .digits(totp.digits())
        .period(totp.period())
        .build();
  }

  /**
   * Confirms a pending enrollment with a code from the app, which makes its secret the active one.
   *
   * <p>On success the confirmation time is recorded, the matched step seeds the replay guard (so
   * the same code cannot log in afterwards) and its offset seeds the drift; in a rotation the
   * previous secret stops working. A wrong code counts as a failure for the throttle.
   *
   * @param accountId the account
   * @param code the code as typed; whitespace around it and spaces inside it are ignored
   * @return {@code ACCEPTED}; or rejected as {@code NOT_ENROLLED} (nothing pending), {@code
   *     EXPIRED}, {@code THROTTLED}, {@code MALFORMED} or {@code MISMATCH}
   * @throws IllegalArgumentException if the account id is empty or longer than 255 characters
   * @throws SealedSecretException if the pending secret does not open
   */
  public Verification confirm(String accountId, CharSequence code) {
    CredentialRecord.checkAccountId(accountId);
    Objects.requireNonNull(code, "code");
    Instant now = clock.instant();
    long given = Codes.parse(code, totp.digits());
    return update(accountId, r -> rules.confirm(r, accountId, now, given));
  }

  /**
   * Checks a code at login, and on success stores its step so that it cannot log in again.
   *
   * <p>Checked in this order: an account without an active secret is {@code NOT_ENROLLED} (a
   * pending enrollment cannot log in), or {@code EXPIRED} if all it has is an enrollment that
   * expired unconfirmed; a throttled credential is {@code THROTTLED}, without looking at the code;
   * input that is not exactly {@link Totp#digits()} ASCII digits, after removing whitespace around
   * it and spaces inside it, is {@code MALFORMED}; then the window, centred on the learned drift,
   * is searched with one HMAC per step until a match. A code of a step at or before the last
   * accepted one is {@code REPLAYED}; any other wrong code is {@code MISMATCH} and counts for the
   * throttle. Malformed and replayed input does not count.
   *
   * <p>Cost of an accepted code with the {@link InMemoryCredentialRepository}: two map lookups (the
   * record and the opened secret), one HMAC when the code is of the expected step, and one
   * conditional replacement; no Base32 decoding and no unsealing after the first call.
   *
   * @param accountId the account
   * @param code the code as typed
   * @return {@code ACCEPTED} with the matched step and its drift from the current step; or rejected
   *     as {@code NOT_ENROLLED}, {@code EXPIRED}, {@code THROTTLED} (with {@link
   *     Verification#retryAfter()}), {@code MALFORMED}, {@code REPLAYED} or {@code MISMATCH}
   * @throws IllegalArgumentException if the account id is empty or longer than 255 characters
   * @throws SealedSecretException if the stored secret does not open
   */
  public Verification verify(String accountId, CharSequence code) {
    CredentialRecord.checkAccountId(accountId);
    Objects.requireNonNull(code, "code");
    Instant now = clock.instant();
    long given = Codes.parse(code, totp.digits());
    return update(accountId, r -> rules.verify(r, accountId, now, given));
  }

  /**
   * Generates a new set of recovery codes for an account with an active secret, and returns them
   * once; the previous set stops working.
   *
   * <p>Each code is 12 characters (60 random bits), grouped for reading ({@code 7kq2-m9xa-b3rt});
   * only their salted PBKDF2 hashes are stored. This takes one PBKDF2 computation per code ({@link
   * RecoveryCodePolicy}).
   *
   * @param accountId the account
   * @return the codes, to show to the user once
   * @throws IllegalArgumentException if the account id is empty or longer than 255 characters
   * @throws IllegalStateException if the account has no active secret
   */
  public RecoveryCodes generateRecoveryCodes(String accountId) {
    CredentialRecord.checkAccountId(accountId);
    Rules.requireActive(repository.load(accountId), accountId);
    int count = recoveryCodePolicy.count();
    List<String> codes = new ArrayList<>(count);
    char[][] normalized = new char[count][];
    String encoded;
    try {
      for (int i = 0; i < count; i++) {
        String code = RecoveryCodeSet.generateCode(random);
        codes.add(code);
        normalized[i] = Objects.requireNonNull(RecoveryCodeSet.normalize(code));
      }
      encoded =
          RecoveryCodeSet.create(normalized, recoveryCodePolicy.iterations(), random).encode();
    } finally {
      for (char[] code : normalized) {
        if (code != null) {
          Arrays.fill(code, '\0');
        }
      }
    }
    Instant now = clock.instant();
    update(accountId, r -> rules.replaceRecoveryCodes(r, accountId, now, encoded));
    return new RecoveryCodes(codes);
  }

  /**
   * Logs in with a recovery code instead of a code from the app, and uses the recovery code up.
   *
   * <p>Of any number of concurrent attempts with one code, exactly one is accepted. Case, hyphens
   * and spaces are ignored, {@code o} is read as {@code 0} and {@code i} or {@code l} as {@code 1}.
   * A wrong code, or one already used, is {@code MISMATCH} and counts for the throttle, like a
   * wrong code from the app; a throttled attempt computes no hash. A success resets the throttle.
   *
   * @param accountId the account
   * @param code the recovery code as typed
   * @return {@code ACCEPTED}, whose {@link Verification#step()} is the TOTP step of now and whose
   *     {@link Verification#drift()} is 0; or rejected as {@code NOT_ENROLLED} or {@code EXPIRED}
   *     (no active secret, as for {@link #verify}), {@code THROTTLED}, {@code MALFORMED} (not 12
   *     characters of the code alphabet) or {@code MISMATCH}
   * @throws IllegalArgumentException if the account id is empty or longer than 255 characters
   */
  public Verification redeemRecoveryCode(String accountId, CharSequence code) {
    CredentialRecord.checkAccountId(accountId);
    Objects.requireNonNull(code, "code");
    Instant now = clock.instant();
    char[] normalized = RecoveryCodeSet.normalize(code);
    Rules.RecoveryCodeHasher hasher = new Rules.RecoveryCodeHasher();
    try {
      return update(accountId, r -> rules.redeem(r, accountId, now, normalized, hasher));
    } finally {
      if (normalized != null) {
        Arrays.fill(normalized, '\0');
      }
    }
  }

  /**
   * Removes an account's second factor: the active and any pending secret, the replay guard, the
   * drift, the throttle state and the recovery codes. An administrator's reset; enrolling again
   * afterwards gives a new secret.
   *
   * @param accountId the account
   * @return {@code true} if there was something to remove
   * @throws IllegalArgumentException if the account id is empty or longer than 255 characters
   */
  public boolean disable(String accountId) {
    CredentialRecord.checkAccountId(accountId);
    Instant now = clock.instant();
    // One DELETE, whatever the record holds: nothing to read first.
    boolean deleted = repository.delete(accountId);
    rules.forget(accountId);
    if (deleted && listener != null) {
      listener.accept(TwoFactorEvent.of(TwoFactorEvent.Type.DISABLED, accountId, now));
    }
    return deleted;
  }

  /**
   * Returns what a host may show about an account's second factor.
   *
   * @param accountId the account
   * @return the state, the times of confirmation and last use, the end of a lock, the expiry of a
   *     pending enrollment, the failures and the recovery codes left
   * @throws IllegalArgumentException if the account id is empty or longer than 255 characters
   */
  public CredentialStatus status(String accountId) {
    CredentialRecord.checkAccountId(accountId);
    return Rules.status(repository.load(accountId), clock.instant());
  }

  /**
   * Loads the record, asks for a decision, and stores it with one conditional write; decides again
   * from the new record when another thread or node changed it in between. Events are delivered
   * once the decision is stored.
   */
  private <T> T update(String accountId, Function<@Nullable CredentialRecord, Decision<T>> decide) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      CredentialRecord current = repository.load(accountId);
      Decision<T> decision = decide.apply(current);
      if (store(accountId, current, decision)) {
        Consumer<? super TwoFactorEvent> l = listener;
        if (l != null) {
          decision.events.forEach(l);
        }
        return decision.outcome;
      }
    }
    throw conflict(accountId);
  }

  private boolean store(String accountId, @Nullable CredentialRecord current, Decision<?> d) {
    switch (d.write) {
      case NONE:
        return true;
      case DELETE:
        repository.delete(accountId); // whatever its version: the record is to go
        return true;
      case STORE:
      default:
        CredentialRecord next = Objects.requireNonNull(d.next);
        return current == null
            ? repository.insert(next)
            : repository.replace(current.version(), next);
    }
  }

  private static ConcurrentModificationException conflict(String accountId) {
    return new ConcurrentModificationException(
        "the credential of account "
            + Ascii.quote(accountId)
            + " changed "
            + MAX_ATTEMPTS
            + " times in a row while this operation tried to store it");
  }

  /**
   * Describes the configuration; never a secret or a key.
   *
   * @return for example {@code "TwoFactor[issuer \"ACME\", Totp[...], ThrottlePolicy[...],
   *     RecoveryCodePolicy[...], enrollment timeout PT10M, sealer ..., repository ...]"}
   */
  @Override
  public String toString() {
    return "TwoFactor[issuer "
        + Ascii.quote(issuer)
        + ", "
        + totp
        + ", "
        + rules.throttle
        + ", "
        + recoveryCodePolicy
        + ", enrollment timeout "
        + enrollmentTimeout
        + ", sealer "
        + sealer
        + ", repository "
        + repository
        + "]";
  }

  /**
   * Builds a {@link TwoFactor}; settings are checked once, in {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private @Nullable String issuer;
    private @Nullable CredentialRepository repository;
    private Clock clock = Clock.systemUTC();
    private @Nullable SecureRandom random;
    private Totp totp = Totp.defaults();
    private ThrottlePolicy throttle = ThrottlePolicy.defaults();
    private RecoveryCodePolicy recoveryCodes = RecoveryCodePolicy.defaults();
    private @Nullable SecretSealer sealer;
    private @Nullable Consumer<? super TwoFactorEvent> listener;
    private Duration enrollmentTimeout = Duration.ofMinutes(10);

    private Builder() {}

    /**
     * Sets the issuer, the name of the service that authenticator apps show, for example {@code
     * "ACME Help Desk"}. Required; not empty, no colon, no control characters, no whitespace at
     * either end.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * Sets where credentials are stored. Default a new {@link InMemoryCredentialRepository}, which
     * loses everything at a restart and shares nothing between nodes.
     *
     * @param repository the repository
     * @return this builder
     */
    public Builder repository(CredentialRepository repository) {
      this.repository = Objects.requireNonNull(repository, "repository");
      return this;
    }

    /**
     * Sets the source of time. Default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets the source of secrets, recovery codes and salts. Default a new {@link SecureRandom}.
     *
     * @param random a cryptographically strong random source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * Sets the code policy: algorithm, digits, period and window. Default {@link Totp#defaults()},
     * which every authenticator app understands. The window also caps the learned drift.
     *
     * @param totp the policy
     * @return this builder
     */
    public Builder totp(Totp totp) {
      this.totp = Objects.requireNonNull(totp, "totp");
      return this;
    }

    /**
     * Sets how failures are throttled. Default {@link ThrottlePolicy#defaults()}.
     *
     * @param throttle the policy
     * @return this builder
     */
    public Builder throttle(ThrottlePolicy throttle) {
      this.throttle = Objects.requireNonNull(throttle, "throttle");
      return this;
    }

    /**
     * Sets how recovery codes are made and hashed. Default {@link RecoveryCodePolicy#defaults()}.
     *
     * @param recoveryCodes the policy
     * @return this builder
     */
    public Builder recoveryCodes(RecoveryCodePolicy recoveryCodes) {
      this.recoveryCodes = Objects.requireNonNull(recoveryCodes, "recoveryCodes");
      return this;
    }

    /**
     * Sets how secrets are sealed before they reach the repository. Required with any repository
     * but the default {@link InMemoryCredentialRepository}, whose records never leave the process
     * and which therefore defaults to {@link SecretSealer#insecurePlainText()}.
     *
     * @param sealer the sealer, for example an {@link AesGcmSecretSealer}
     * @return this builder
     */
    public Builder sealer(SecretSealer sealer) {
      this.sealer = Objects.requireNonNull(sealer, "sealer");
      return this;
    }

    /**
     * Sets the receiver of audit events. Default none. It is called on the thread of the operation,
     * after the change the event reports is stored; an exception it throws reaches the caller of
     * the operation, whose change stays stored.
     *
     * @param listener the receiver, for example one that writes to the host's audit log
     * @return this builder
     */
    public Builder listener(Consumer<? super TwoFactorEvent> listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets how long an enrollment can be confirmed. Default 10 minutes: long enough to install an
     * app and scan, short enough that an abandoned QR code on a screen soon stops mattering.
     *
     * @param timeout positive, at most one day
     * @return this builder
     */
    public Builder enrollmentTimeout(Duration timeout) {
      this.enrollmentTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Checks the settings and builds the service.
     *
     * @return the service
     * @throws IllegalStateException if the issuer is not set, or no sealer is set for a repository
     *     other than {@link InMemoryCredentialRepository}
     * @throws IllegalArgumentException if the issuer is empty, contains a colon, a control
     *     character or whitespace at either end, the {@link Totp} period cannot be written in an
     *     otpauth:// URI (more than a day), or the enrollment timeout is not positive or longer
     *     than a day
     */
    public TwoFactor build() {
      String checkedIssuer = issuer;
      if (checkedIssuer == null) {
        throw new IllegalStateException("issuer must be set");
      }
      // The same checks as every enrollment's URI, once, now: an issuer or a period that no URI
      // can carry fails here rather than at the first enrollment.
      OtpAuthUri.totp(Secret.fromBytes(new byte[Secret.DEFAULT_BYTES]))
          .issuer(checkedIssuer)
          .account("account")
          .algorithm(totp.algorithm())
          .digits(totp.digits())
          .period(totp.period())
          .build();
      if (enrollmentTimeout.isNegative()
          || enrollmentTimeout.isZero()
          || enrollmentTimeout.compareTo(MAX_ENROLLMENT_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "enrollmentTimeout must be positive and at most "
                + MAX_ENROLLMENT_TIMEOUT
                + ": "
                + enrollmentTimeout);
      }
      SecretSealer chosen = sealer;
      if (chosen == null) {
        if (repository != null && !(repository instanceof InMemoryCredentialRepository)) {
          throw new IllegalStateException(
              "sealer must be set for a repository other than InMemoryCredentialRepository, or"
                  + " secrets would be stored in plain text: use an AesGcmSecretSealer, or"
                  + " SecretSealer.insecurePlainText() to choose plain text explicitly");
        }
        chosen = SecretSealer.insecurePlainText();
      }
      return new TwoFactor(this, checkedIssuer, chosen);
    }
  }
}
