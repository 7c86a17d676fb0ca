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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Authenticator-app two-factor sign-in for a host application: enroll, confirm, verify, recovery
 * codes, resynchronisation, replacement, administration and status, each one call.
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
 *   <li><b>Replay guard</b> (RFC 6238 §5.2): once a code of step <i>s</i> signs in, every code of
 *       step <i>s</i> or earlier is {@code REPLAYED}, including an older code still inside the
 *       window. Of any number of concurrent attempts with one code, exactly one is accepted.
 *   <li><b>Throttle</b> (RFC 4226 §7.3, {@link ThrottlePolicy}): a short back-off per client
 *       address, and rolling budgets of failures per credential that a sign-in does not refill, so
 *       that an attacker who knows the password has well under 0.1 % a year. A throttled attempt is
 *       {@code THROTTLED} with {@link Verification#retryAfter()}, is not checked and not counted.
 *       Recovery codes have a throttle of their own, so that a lock of codes never locks the
 *       recovery path; a recovery-code sign-in ends every lock of codes.
 *   <li><b>Drift</b> (RFC 6238 §6): the step a code matched, relative to the current one, is stored
 *       and the next window is centred on it, capped so that the window still contains the current
 *       step; two consecutive codes ({@link #resynchronize}) bring back a phone whose clock is
 *       minutes off.
 *   <li><b>Parameters per credential</b>: algorithm, digits and period are stored with each
 *       credential; a change of {@link Builder#totp(Totp)} applies to new enrollments only.
 *   <li><b>Enrollment</b>: a new secret is pending until one correct code confirms it (which
 *       catches an app that silently ignored SHA-256 or 8 digits), and expires after {@link
 *       Builder#enrollmentTimeout(Duration)}.
 *   <li><b>Proof of the current factor</b>: replacing an active secret, new recovery codes and the
 *       user's own {@link #disable(String, Proof)} need a {@link Proof} (a code, a recovery code,
 *       or the token of a sign-in a few minutes ago), so that a stolen session cannot swap the
 *       factor. An administrator's {@link #reset} and {@link #unlock} are separate calls that name
 *       the administrator in their events.
 *   <li><b>Binding</b>: every value that grants access (secrets, recovery codes, trusted devices,
 *       proofs) is sealed by the {@link SecretSealer} and bound to its account, purpose and
 *       enrollment, so that a database writer who copies or forges a value gains nothing.
 * </ul>
 *
 * <p>Verifying never throws for a bad code: it returns a rejected {@link Verification} with a
 * reason, and the format of a code is checked before anything about the account is looked up; an
 * account without an active secret computes the same HMACs (and PBKDF2 hashes for recovery codes)
 * as one with it, so that neither the answer to malformed input nor the time tells whether an
 * account is enrolled. It throws for caller mistakes (an invalid account id), for a record whose
 * values do not open ({@link SealedSecretException}) or that the repository returned for another
 * account ({@link InvalidCredentialRecordException}), for storage failures of the repository, and
 * with {@link ConcurrentModificationException} if the record changed under it 1,000 times in a row.
 * Thread-safe.
 *
 * <p><b>Security note:</b> to verify without opening the seal at every sign-in, an instance keeps
 * the opened secret of each account it verified (at most 10,000 accounts, then it starts over),
 * keyed by the sealed text: a new, replaced or deleted secret has another sealed text, so a stale
 * entry is never used, and an entry is dropped as soon as a read shows that the account has no
 * secret, on every node. No secret, code, recovery code or token appears in a message, an event or
 * a {@code toString()}.
 */
public final class TwoFactor {
  /** How often an operation reads, decides and tries to store again before giving up. */
  static final int MAX_ATTEMPTS = 1_000;

  /** The longest time an enrollment can wait for its confirmation. */
  static final Duration MAX_ENROLLMENT_TIMEOUT = Duration.ofDays(1);

  /** The longest lifetime of a proof token. */
  static final Duration MAX_PROOF_LIFETIME = Duration.ofHours(1);

  /** The default resynchronisation range in steps: 20 minutes either way at 30 seconds. */
  static final int DEFAULT_RESYNC_RANGE = 40;

  /** The most records {@link #resealBatch} takes at once. */
  static final int MAX_BATCH = 10_000;

  private final Shared shared;
  private final RequestContext context;

  /** What every {@link #withContext} view of one service shares. */
  private static final class Shared {
    final String issuer;
    final CredentialRepository repository;
    final Clock clock;
    final SecureRandom random;
    final Rules rules;
    final @Nullable Consumer<? super TwoFactorEvent> listener;
    final Duration enrollmentTimeout;

    Shared(Builder b, String issuer, SecretSealer sealer) {
      this.issuer = issuer;
      this.repository = b.repository != null ? b.repository : new InMemoryCredentialRepository();
      this.clock = b.clock;
      this.random = b.random != null ? b.random : Drbg.INSTANCE;
      this.rules =
          new Rules(
              b.totp,
              b.throttle,
              b.recoveryCodes,
              sealer,
              b.proofLifetime,
              b.resyncRange,
              b.legacyRecords,
              b.maxDevices,
              b.deviceLifetime,
              b.deviceGrace);
      this.listener = b.listener;
      this.enrollmentTimeout = b.enrollmentTimeout;
    }
  }

  private TwoFactor(Shared shared, RequestContext context) {
    this.shared = shared;
    this.context = context;
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
   * Returns this service for one request: the same credentials, rules and listener, with a context
   * that every event carries and that the throttle's back-off is kept by. Cheap; make one per
   * request.
   *
   * @param context where the request came from
   * @return a view of this service with that context
   */
  public TwoFactor withContext(RequestContext context) {
    return new TwoFactor(shared, Objects.requireNonNull(context, "context"));
  }

  /**
   * Returns the context of this view.
   *
   * @return the context, {@link RequestContext#none()} for the service as built
   */
  public RequestContext context() {
    return context;
  }

  /**
   * Starts a first enrollment: generates a 160-bit secret, stores it sealed as pending, and returns
   * what the user's app needs.
   *
   * <p>The pending secret cannot sign in until {@link #confirm(String, CharSequence)} accepts a
   * code of it, before the enrollment expires. Enrolling again while an enrollment is pending
   * replaces it. An account with an active secret needs {@link #enroll(String, String, Proof)}.
   *
   * @param accountId the host's stable id of the account: 1 to 255 characters of well-formed
   *     UTF-16, without control or bidirectional characters
   * @param accountName the name the app shows under the issuer, for example an e-mail address; not
   *     empty, no colon, no control characters, no whitespace at either end
   * @return the URI, the manual key and the expiry
   * @throws IllegalArgumentException if the account id or the account name breaks these rules
   * @throws IllegalStateException if the account has an active secret
   */
  public Enrollment enroll(String accountId, String accountName) {
    return enroll(accountId, accountName, null);
  }

  /**
   * Starts an enrollment that replaces an active secret, with proof of the current factor; for an
   * account without one it is a first enrollment and the proof is not looked at.
   *
   * <p>The active secret keeps working until the new one is confirmed; then {@link
   * TwoFactorEvent.Type#SECRET_REPLACED} tells the host to notify the user, and every trusted
   * device is forgotten. A code or recovery code given as proof is used up.
   *
   * @param accountId the account
   * @param accountName the name the app shows under the issuer
   * @param proof a code, a recovery code or a recent sign-in's token of the current credential
   * @return the URI, the manual key and the expiry
   * @throws ProofRejectedException if the account has an active secret and the proof is not
   *     accepted; a wrong code counts for the throttle
   * @throws IllegalArgumentException if the account id or the account name is invalid
   */
  public Enrollment enroll(String accountId, String accountName, @Nullable Proof proof) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(accountName, "accountName");
    Rules rules = shared.rules;
    Secret secret = Secret.generate(Secret.DEFAULT_BYTES, shared.random);
    OtpAuthUri uri = uri(secret, accountName);
    String pendingId = Binding.newEnrollmentId();
    String sealed =
        rules.seals.pending(accountId, pendingId, CodeParameters.of(rules.totp), secret);
    Instant expiresAt = call.now().plus(shared.enrollmentTimeout);
    long firstVersion = shared.random.nextLong() >>> 2;
    Rules.Outcome<Boolean> replacement =
        update(call, r -> rules.enroll(r, call, proof, pendingId, sealed, expiresAt, firstVersion));
    return new Enrollment(accountId, uri, expiresAt, valueOf(accountId, replacement));
  }

  private OtpAuthUri uri(Secret secret, String accountName) {
    Totp totp = shared.rules.totp;
    return OtpAuthUri.totp(secret)
        .issuer(shared.issuer)
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
   * the same code cannot sign in afterwards) and its offset seeds the drift; in a replacement the
   * previous secret stops working and the recovery codes stay. A wrong code counts as a failure for
   * the throttle.
   *
   * @param accountId the account
   * @param code the code as typed; whitespace around it and spaces inside it are ignored
   * @return {@code ACCEPTED} (with a {@link Verification#proof()}); or rejected as {@code
   *     MALFORMED}, {@code NOT_ENROLLED} (nothing pending), {@code EXPIRED}, {@code THROTTLED} or
   *     {@code MISMATCH}
   * @throws IllegalArgumentException if the account id is invalid
   * @throws SealedSecretException if the pending secret does not open
   */
  public Verification confirm(String accountId, CharSequence code) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(code, "code");
    if (Codes.digitCount(code) < 0) {
      return malformed(call);
    }
    return update(call, r -> shared.rules.confirm(r, call, code));
  }

  /**
   * Checks a code at sign-in, and on success stores its step so that it cannot sign in again.
   *
   * <p>Checked in this order: input that is not 6 to 10 ASCII digits, after removing whitespace
   * around it and spaces inside it, is {@code MALFORMED}, before the account is looked up; an
   * account without an active secret is {@code NOT_ENROLLED} (a pending enrollment cannot sign in),
   * or {@code EXPIRED} if all it has is an enrollment that expired unconfirmed; a throttled
   * credential is {@code THROTTLED}, without looking at the code; a code of another length than the
   * credential's is {@code MALFORMED}; then the window, centred on the learned drift, is searched
   * with one HMAC per step until a match. A code of a step at or before the last accepted one is
   * {@code REPLAYED}; any other wrong code is {@code MISMATCH} and counts for the throttle.
   * Malformed and replayed input does not count.
   *
   * <p>Cost of an accepted code with the {@link InMemoryCredentialRepository}: two map lookups (the
   * record and the opened secret), one HMAC when the code is of the expected step, and one
   * conditional replacement; no Base32 decoding and no unsealing after the first call. A value
   * sealed under a key that is no longer current is sealed again in that replacement.
   *
   * @param accountId the account
   * @param code the code as typed
   * @return {@code ACCEPTED} with the matched step, its drift from the current step, the failures
   *     since the previous sign-in and a {@link Verification#proof()}; or rejected as {@code
   *     MALFORMED}, {@code NOT_ENROLLED}, {@code EXPIRED}, {@code THROTTLED} (with {@link
   *     Verification#retryAfter()}), {@code REPLAYED} or {@code MISMATCH}
   * @throws IllegalArgumentException if the account id is invalid
   * @throws SealedSecretException if the stored secret does not open
   */
  public Verification verify(String accountId, CharSequence code) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(code, "code");
    if (Codes.digitCount(code) < 0) {
      return malformed(call);
    }
    return update(call, r -> shared.rules.verify(r, call, code));
  }

  /**
   * Signs in with two consecutive codes when a single code fails because the phone's clock is far
   * off: both must be codes of adjacent steps within {@link Builder#resynchronizationRange(int)}
   * steps of now (20 minutes either way by default), after the last step used. The drift is
   * learned, so that the next single code is checked around it.
   *
   * <p>A single code is never accepted outside the normal window, however wide this range: the
   * chance that a random pair matches is about (2 &times; range + 1) in 10<sup>12</sup>. A failed
   * attempt counts once for the throttle, like a wrong code. If the phone's clock is corrected
   * later, its codes fall outside the learned window and this is needed once more.
   *
   * @param accountId the account
   * @param code the code the app shows now
   * @param nextCode the code it shows next, after one period
   * @return {@code ACCEPTED} with the second code's step; or rejected as for {@link #verify}
   * @throws IllegalArgumentException if the account id is invalid
   * @throws SealedSecretException if the stored secret does not open
   */
  public Verification resynchronize(String accountId, CharSequence code, CharSequence nextCode) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(nextCode, "nextCode");
    if (Codes.digitCount(code) < 0 || Codes.digitCount(nextCode) < 0) {
      return malformed(call);
    }
    return update(call, r -> shared.rules.resynchronize(r, call, code, nextCode));
  }

  /**
   * Generates a new set of recovery codes for an account with an active secret, with proof of the
   * current factor, and returns them once; the previous set stops working.
   *
   * <p>Each code is 12 characters (60 random bits), grouped for reading ({@code 7kq2-m9xa-b3rt});
   * only their salted PBKDF2 hashes are stored, sealed and bound to the account and credential. The
   * proof is checked first; then the hashes take one PBKDF2 computation per code ({@link
   * RecoveryCodePolicy}).
   *
   * @param accountId the account
   * @param proof a code, a recovery code or a recent sign-in's token; right after {@link #confirm},
   *     its {@link Verification#proof()}
   * @return the codes, to show to the user once
   * @throws ProofRejectedException if the proof is not accepted
   * @throws IllegalArgumentException if the account id is invalid
   * @throws IllegalStateException if the account has no active secret, or its credential was
   *     replaced while the codes were made
   */
  public RecoveryCodes generateRecoveryCodes(String accountId, Proof proof) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(proof, "proof");
    Rules rules = shared.rules;
    String credentialId =
        valueOf(accountId, update(call, r -> rules.proveForRecoveryCodes(r, call, proof)));
    int count = rules.recovery.count();
    List<String> codes = new ArrayList<>(count);
    char[][] normalized = new char[count][];
    RecoveryCodeSet set;
    try {
      for (int i = 0; i < count; i++) {
        String code = RecoveryCodeSet.generateCode(shared.random);
        codes.add(code);
        normalized[i] = Objects.requireNonNull(RecoveryCodeSet.normalize(code));
      }
      set = RecoveryCodeSet.create(normalized, rules.recovery.iterations(), shared.random);
    } finally {
      for (char[] code : normalized) {
        if (code != null) {
          Arrays.fill(code, '\0');
        }
      }
    }
    update(call, r -> rules.replaceRecoveryCodes(r, call, credentialId, set));
    return new RecoveryCodes(codes);
  }

  /**
   * Signs in with a recovery code instead of a code from the app, and uses the recovery code up.
   *
   * <p>Of any number of concurrent attempts with one code, exactly one is accepted. Case, hyphens
   * and spaces are ignored, {@code o} is read as {@code 0} and {@code i} or {@code l} as {@code 1}.
   * A wrong code, or one already used, is {@code MISMATCH} and counts for the recovery-code
   * throttle ({@link RecoveryCodePolicy#throttle()}), never for the throttle of codes; a throttled
   * attempt computes no hash. A success ends every lock of codes: the back-off, the budgets and the
   * hard stop.
   *
   * @param accountId the account
   * @param code the recovery code as typed
   * @return {@code ACCEPTED}, whose {@link Verification#step()} is the TOTP step of now and whose
   *     {@link Verification#drift()} is 0; or rejected as {@code MALFORMED} (not 12 characters of
   *     the code alphabet, checked before the account is looked up), {@code NOT_ENROLLED} or {@code
   *     EXPIRED} (no active secret, as for {@link #verify}), {@code THROTTLED} or {@code MISMATCH}
   * @throws IllegalArgumentException if the account id is invalid
   */
  public Verification redeemRecoveryCode(String accountId, CharSequence code) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(code, "code");
    char[] normalized = RecoveryCodeSet.normalize(code);
    if (normalized == null) {
      return malformed(call);
    }
    Rules.RecoveryCodeHasher hasher = new Rules.RecoveryCodeHasher();
    try {
      return update(call, r -> shared.rules.redeem(r, call, normalized, hasher));
    } finally {
      Arrays.fill(normalized, '\0');
    }
  }

  /**
   * Removes the second factor at the user's request, with proof of the current factor: the active
   * and any pending secret, the replay, drift and throttle state, the recovery codes and the
   * trusted devices. An account with only a pending enrollment needs no proof.
   *
   * @param accountId the account
   * @param proof a code, a recovery code or a recent sign-in's token
   * @return {@code true} if there was something to remove
   * @throws ProofRejectedException if the proof is not accepted
   * @throws IllegalArgumentException if the account id is invalid
   */
  public boolean disable(String accountId, Proof proof) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(proof, "proof");
    return valueOf(accountId, update(call, r -> shared.rules.disable(r, call, proof)));
  }

  /**
   * Removes an account's second factor as an administrator, for a user who lost the phone and the
   * recovery codes: everything {@link #disable(String, Proof)} removes, without proof. The {@link
   * TwoFactorEvent.Type#RESET} event names the administrator; enrolling again gives a new secret.
   *
   * @param accountId the account
   * @param administrator who resets it, as the host names its administrators, for the audit log
   * @return {@code true} if there was something to remove
   * @throws IllegalArgumentException if the account id or the administrator is invalid (the same
   *     rules as an account id)
   */
  public boolean reset(String accountId, String administrator) {
    Rules.Call call = call(accountId);
    checkAdministrator(administrator);
    return update(call, r -> shared.rules.reset(r, call, administrator));
  }

  /**
   * Ends every lock of an account's credential as an administrator, and keeps the credential: the
   * back-offs, the budgets, the hard stop and the failure counts are cleared; the secret, the
   * recovery codes and the trusted devices stay. The {@link TwoFactorEvent.Type#UNLOCKED} event
   * names the administrator.
   *
   * @param accountId the account
   * @param administrator who unlocks it, for the audit log
   * @return {@code true} if the account has a record
   * @throws IllegalArgumentException if the account id or the administrator is invalid
   */
  public boolean unlock(String accountId, String administrator) {
    Rules.Call call = call(accountId);
    checkAdministrator(administrator);
    return update(call, r -> shared.rules.unlock(r, call, administrator));
  }

  /**
   * Brings in an existing secret as the active credential of an account without one, for a
   * migration from another system, with code parameters SHA1, 6 digits and 30 seconds.
   *
   * @param accountId the account
   * @param secret the secret, for example {@link Secret#fromBase32} of the old system's text, or
   *     {@link Secret#fromBytes} of its raw key
   * @param administrator who imports it, for the audit log
   * @return {@code true} if the secret has fewer than 128 bits: accepted (real issuers handed out
   *     80-bit secrets), but weaker than RFC 4226 §4 requires and refused by some apps; the {@link
   *     TwoFactorEvent.Type#IMPORTED} event says so too
   * @throws IllegalStateException if the account has an active credential ({@link #reset} it first)
   * @throws IllegalArgumentException if the account id or the administrator is invalid
   */
  public boolean importCredential(String accountId, Secret secret, String administrator) {
    Objects.requireNonNull(secret, "secret");
    return importCredential(
        accountId, secret, new CodeParameters(Algorithm.SHA1, 6, 30), administrator);
  }

  /**
   * Brings in the secret and code parameters of an otpauth:// URI as the active credential of an
   * account without one, for a migration from another system.
   *
   * @param accountId the account
   * @param uri a TOTP URI, as {@link OtpAuthUri#parse} reads it
   * @param administrator who imports it, for the audit log
   * @return {@code true} if the secret has fewer than 128 bits; see {@link
   *     #importCredential(String, Secret, String)}
   * @throws IllegalArgumentException if the URI is not TOTP, or the account id or the administrator
   *     is invalid
   * @throws IllegalStateException if the account has an active credential
   */
  public boolean importCredential(String accountId, OtpAuthUri uri, String administrator) {
    Objects.requireNonNull(uri, "uri");
    if (uri.type() != OtpAuthUri.Type.TOTP) {
      throw new IllegalArgumentException("uri must be a TOTP URI: " + uri.type());
    }
    long period = uri.period().toSeconds();
    return importCredential(
        accountId,
        uri.secret(),
        new CodeParameters(uri.algorithm(), uri.digits(), (int) period),
        administrator);
  }

  private boolean importCredential(
      String accountId, Secret secret, CodeParameters parameters, String administrator) {
    Rules.Call call = call(accountId);
    checkAdministrator(administrator);
    Rules rules = shared.rules;
    String credentialId = Binding.newEnrollmentId();
    String sealed = rules.seals.secret(accountId, credentialId, parameters, secret);
    boolean weak = secret.byteLength() < Secret.MIN_GENERATED_BYTES;
    long firstVersion = shared.random.nextLong() >>> 2;
    return update(
        call,
        r ->
            rules.importCredential(
                r, call, credentialId, sealed, parameters, weak, administrator, firstVersion));
  }

  /**
   * Returns the active credential as an otpauth:// URI, for a move to another system that an
   * administrator approved. The {@link TwoFactorEvent.Type#EXPORTED} event names the administrator;
   * it never carries the secret.
   *
   * <p><b>Security note:</b> the URI is the secret: whoever holds it can sign in as the user for as
   * long as the credential is active. Hand it over only on the approved channel, never log it, and
   * reset the credential here once the move is done.
   *
   * @param accountId the account
   * @param accountName the name the app shows under the issuer
   * @param administrator who approved the export, for the audit log
   * @return the URI with the credential's own parameters
   * @throws IllegalStateException if the account has no active secret
   * @throws IllegalArgumentException if the account id, the name or the administrator is invalid
   */
  public OtpAuthUri export(String accountId, String accountName, String administrator) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(accountName, "accountName");
    checkAdministrator(administrator);
    Secret secret = update(call, r -> shared.rules.export(r, call, administrator));
    CredentialRecord r = Objects.requireNonNull(load(accountId));
    CodeParameters p = CodeParameters.of(r);
    return OtpAuthUri.totp(secret)
        .issuer(shared.issuer)
        .account(accountName)
        .algorithm(p.algorithm())
        .digits(p.digits())
        .period(Duration.ofSeconds(p.periodSeconds()))
        .build();
  }

  /**
   * Trusts the device the user signs in from ("trust this browser for 30 days"), with proof of a
   * sign-in, and returns its first token for the device's cookie.
   *
   * <p>The record keeps only a hash of the token, sealed with the device's label and times and
   * bound to the account and its credential. At most {@link Builder#trustedDevices} devices are
   * trusted (the oldest goes); the trust ends after its lifetime (30 days by default), when the
   * secret is replaced, the credential disabled or reset, or the user revokes it.
   *
   * @param accountId the account
   * @param proof usually {@link Proof#token(String)} of the {@link Verification#proof()} of the
   *     sign-in that just happened
   * @param label what the user will recognise the device by in the list, for example the browser's
   *     name: 1 to 100 characters without control or bidirectional characters
   * @return the token, which every use replaces
   * @throws ProofRejectedException if the proof is not accepted
   * @throws IllegalStateException if the account has no active secret
   * @throws IllegalArgumentException if the account id or the label is invalid
   */
  public DeviceToken trustDevice(String accountId, Proof proof, String label) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(label, "label");
    String problem = AccountIds.problem(label);
    if (problem != null || label.length() > Devices.MAX_LABEL) {
      throw new IllegalArgumentException(
          "label "
              + (problem != null
                  ? problem
                  : "must be at most " + Devices.MAX_LABEL + " characters: " + label.length()));
    }
    String deviceId = Devices.newId();
    String token = Devices.newToken();
    return valueOf(
        accountId,
        update(call, r -> shared.rules.trustDevice(r, call, proof, label, deviceId, token)));
  }

  /**
   * Signs in with a trusted device's token instead of a code, and replaces the token.
   *
   * <p>The token is compared in constant time with every trusted device's. A current token signs
   * in, counts as the second factor and is replaced, in the same write, by the {@link
   * DeviceVerification#newToken()} to set in the cookie. Parallel requests of one browser carry the
   * same token: a token replaced less than the grace period ago (default 10 seconds) is still
   * accepted, without another replacement and without counting as reuse; of any number of
   * concurrent presentations of one token, exactly one replacement is stored. After the grace
   * period, a replaced token is a copy: it is refused as {@code REPLAYED}, the trust of every
   * device of the account ends, and {@link TwoFactorEvent.Type#DEVICE_TOKEN_REUSED} tells the host
   * to warn the user.
   *
   * <p>A device sign-in gives no {@link Verification#proof()}: replacing the factor still needs a
   * code. Tokens are not guesses of a code and do not count for the throttle (a token has 256
   * random bits).
   *
   * @param accountId the account
   * @param token the token from the device's cookie
   * @return accepted with the new token, or rejected as {@code MALFORMED}, {@code NOT_ENROLLED},
   *     {@code MISMATCH}, {@code EXPIRED} or {@code REPLAYED}
   * @throws IllegalArgumentException if the account id is invalid
   */
  public DeviceVerification verifyDevice(String accountId, CharSequence token) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(token, "token");
    if (!Devices.isToken(token)) {
      Consumer<? super TwoFactorEvent> l = shared.listener;
      if (l != null) {
        l.accept(
            TwoFactorEvent.rejected(
                accountId, call.now(), Verification.Reason.MALFORMED, null, 0, context));
      }
      return DeviceVerification.rejected(Verification.Reason.MALFORMED);
    }
    String newToken = Devices.newToken();
    return update(call, r -> shared.rules.verifyDevice(r, call, token, newToken));
  }

  /**
   * Ends the trust of one device, as the user or an administrator asks from the list of {@link
   * CredentialStatus#trustedDevices()}.
   *
   * @param accountId the account
   * @param deviceId the id of {@link TrustedDevice#id()}
   * @return {@code true} if the device was trusted
   * @throws IllegalArgumentException if the account id is invalid
   */
  public boolean revokeDevice(String accountId, String deviceId) {
    Rules.Call call = call(accountId);
    Objects.requireNonNull(deviceId, "deviceId");
    return update(call, r -> shared.rules.revokeDevices(r, call, deviceId));
  }

  /**
   * Ends the trust of every device of the account: "sign out everywhere". The credential stays.
   *
   * @param accountId the account
   * @return {@code true} if any device was trusted
   * @throws IllegalArgumentException if the account id is invalid
   */
  public boolean revokeDevices(String accountId) {
    Rules.Call call = call(accountId);
    return update(call, r -> shared.rules.revokeDevices(r, call, null));
  }

  /**
   * Returns what a host may show about an account's second factor.
   *
   * @param accountId the account
   * @return the state, the times of confirmation and last use, the end of a lock, the expiry of a
   *     pending enrollment, the failures since the last sign-in and the recovery codes left
   * @throws IllegalArgumentException if the account id is invalid
   */
  public CredentialStatus status(String accountId) {
    Rules.Call call = call(accountId);
    return shared.rules.status(load(accountId), call);
  }

  /**
   * Seals every value of up to {@code limit} records again, under the sealer's current key and with
   * this version's bindings: one page of a walk over the repository in the order of account ids,
   * after {@code afterAccountId}. Records already sealed under the current key are read and left
   * alone. Safe while nodes serve sign-ins: each record is replaced with the usual conditional
   * write, and decided again if a sign-in changed it in between. Resumable: pass the id this
   * returned to the next call, even from another process.
   *
   * <pre>{@code
   * Optional<String> next = Optional.empty();
   * do {
   *   next = twoFactor.resealBatch(next.orElse(null), 500);
   * } while (next.isPresent());
   * }</pre>
   *
   * @param afterAccountId where the previous page ended, or {@code null} to start
   * @param limit the most records to look at, 1 to 10,000
   * @return the id of the last record looked at, or empty when no record was left
   * @throws SealedSecretException if a value does not open, for example under a key the sealer no
   *     longer has ({@link #missingKeyIds()} lists them)
   */
  public Optional<String> resealBatch(@Nullable String afterAccountId, int limit) {
    if (limit < 1 || limit > MAX_BATCH) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_BATCH + ": " + limit);
    }
    List<CredentialRecord> page = shared.repository.page(afterAccountId, limit);
    for (CredentialRecord r : page) {
      Rules.Call call = call(r.accountId());
      update(call, current -> shared.rules.reseal(current, call));
    }
    return page.isEmpty() ? Optional.empty() : Optional.of(page.get(page.size() - 1).accountId());
  }

  /**
   * Returns the ids of the keys that stored values are sealed under but that the sealer does not
   * have: a check to run at start-up after a key rotation, before the old key is removed. Reads
   * every record, in pages of 500.
   *
   * @return the missing key ids, sorted; empty if every value opens
   */
  public Set<String> missingKeyIds() {
    SecretSealer sealer = shared.rules.seals.sealer;
    Set<String> missing = new TreeSet<>();
    String after = null;
    List<CredentialRecord> page;
    do {
      page = shared.repository.page(after, 500);
      for (CredentialRecord r : page) {
        for (String sealed :
            Arrays.asList(r.secret(), r.pendingSecret(), r.recoveryCodes(), r.devices())) {
          if (sealed != null) {
            sealer.keyId(sealed).filter(id -> !sealer.hasKey(id)).ifPresent(missing::add);
          }
        }
        after = r.accountId();
      }
    } while (!page.isEmpty());
    return missing;
  }

  /** How many opened secrets this instance keeps (see the class's security note), for tests. */
  int cachedSecrets() {
    return shared.rules.cachedSecrets();
  }

  /** How many code policies this instance keeps, one per set of code parameters, for tests. */
  int cachedPolicies() {
    return shared.rules.cachedPolicies();
  }

  private Rules.Call call(String accountId) {
    AccountIds.check(accountId);
    return new Rules.Call(accountId, shared.clock.instant(), context);
  }

  private static void checkAdministrator(String administrator) {
    Objects.requireNonNull(administrator, "administrator");
    String problem = AccountIds.problem(administrator);
    if (problem != null) {
      throw new IllegalArgumentException("administrator " + problem);
    }
  }

  private Verification malformed(Rules.Call call) {
    Consumer<? super TwoFactorEvent> l = shared.listener;
    if (l != null) {
      l.accept(
          TwoFactorEvent.rejected(
              call.accountId(), call.now(), Verification.Reason.MALFORMED, null, 0, context));
    }
    return Verification.MALFORMED;
  }

  private static <T> T valueOf(String accountId, Rules.Outcome<T> outcome) {
    Verification rejection = outcome.rejection;
    if (rejection != null) {
      throw new ProofRejectedException(accountId, rejection);
    }
    return Objects.requireNonNull(outcome.value);
  }

  /** Loads a record and fails closed if the repository returned another account's. */
  private @Nullable CredentialRecord load(String accountId) {
    CredentialRecord r = shared.repository.load(accountId);
    if (r != null && !r.accountId().equals(accountId)) {
      throw new InvalidCredentialRecordException(
          "the repository returned the record of account "
              + Ascii.quote(r.accountId())
              + " for account "
              + Ascii.quote(accountId)
              + ": its key column must compare exactly (a binary, deterministic collation)",
          "account_id");
    }
    return r;
  }

  /**
   * Loads the record, asks for a decision, and stores it with one conditional write; decides again
   * from the new record when another thread or node changed it in between. Events are delivered
   * once the decision is stored.
   */
  private <T> T update(Rules.Call call, Function<@Nullable CredentialRecord, Decision<T>> decide) {
    String accountId = call.accountId();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      CredentialRecord current = load(accountId);
      Decision<T> decision = decide.apply(current);
      if (store(accountId, current, decision)) {
        Consumer<? super TwoFactorEvent> l = shared.listener;
        if (l != null) {
          decision.events.forEach(l);
        }
        return decision.outcome;
      }
    }
    throw conflict(accountId);
  }

  private boolean store(String accountId, @Nullable CredentialRecord current, Decision<?> d) {
    CredentialRepository repository = shared.repository;
    return switch (d.write) {
      case NONE -> true;
      case DELETE -> {
        repository.delete(accountId); // whatever its version: the record is to go
        yield true;
      }
      case STORE -> {
        CredentialRecord next = Objects.requireNonNull(d.next);
        yield current == null
            ? repository.insert(next)
            : repository.replace(current.version(), next);
      }
    };
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
    Rules rules = shared.rules;
    return "TwoFactor[issuer "
        + Ascii.quote(shared.issuer)
        + ", "
        + rules.totp
        + ", "
        + rules.throttle
        + ", "
        + rules.recovery
        + ", enrollment timeout "
        + shared.enrollmentTimeout
        + ", sealer "
        + rules.seals.sealer
        + ", repository "
        + shared.repository
        + (context.equals(RequestContext.none()) ? "" : ", " + context)
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
    private Duration proofLifetime = Duration.ofMinutes(5);
    private int resyncRange = DEFAULT_RESYNC_RANGE;
    private boolean legacyRecords;
    private int maxDevices = 10;
    private Duration deviceLifetime = Duration.ofDays(30);
    private Duration deviceGrace = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Sets how trusted devices work ({@link TwoFactor#trustDevice}): how many an account may have,
     * how long a device stays trusted, and how long a replaced token is still accepted from
     * parallel requests of the same browser. Default 10, 30 days and 10 seconds.
     *
     * <p><b>Security note:</b> within the grace period a copied token is indistinguishable from a
     * parallel request; keep it to the few seconds that requests of one page take.
     *
     * @param max 1 to 100
     * @param lifetime positive, at most 365 days
     * @param grace from zero to one minute
     * @return this builder
     */
    public Builder trustedDevices(int max, Duration lifetime, Duration grace) {
      this.maxDevices = max;
      this.deviceLifetime = Objects.requireNonNull(lifetime, "lifetime");
      this.deviceGrace = Objects.requireNonNull(grace, "grace");
      return this;
    }

    /**
     * Sets how long the token of {@link Verification#proof()} proves a sign-in. Default 5 minutes:
     * long enough to open the security settings after signing in, short enough that a stolen
     * session soon cannot use it.
     *
     * @param lifetime positive, at most one hour
     * @return this builder
     */
    public Builder proofLifetime(Duration lifetime) {
      this.proofLifetime = Objects.requireNonNull(lifetime, "lifetime");
      return this;
    }

    /**
     * Sets how far from the current step {@link TwoFactor#resynchronize} looks for two consecutive
     * codes. Default 40 steps, 20 minutes either way at 30 seconds.
     *
     * @param steps 1 to 100
     * @return this builder
     */
    public Builder resynchronizationRange(int steps) {
      this.resyncRange = steps;
      return this;
    }

    /**
     * Allows records written by version 0.1, whose secret and recovery codes were bound to the
     * account id alone. Default {@code false}: such a record fails with {@link
     * SealedSecretException}. While allowed, a 0.1 record is bound again in its next write (a
     * sign-in, or {@link TwoFactor#resealBatch}); turn it off once a batch re-seal has walked every
     * record.
     *
     * <p><b>Security note:</b> a 0.1 record does not say whether a sealed secret was pending or
     * active, so while this is on, a database writer who kept a 0.1 pending secret could store it
     * as active.
     *
     * @param allowed whether to read 0.1 records
     * @return this builder
     */
    public Builder legacyRecords(boolean allowed) {
      this.legacyRecords = allowed;
      return this;
    }

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
     * Sets the source of secrets, recovery codes and salts. Default the library's own SHA-256
     * Hash_DRBG, seeded by the operating system. Nonces and enrollment ids never come from it.
     *
     * <p><b>Security note:</b> pass a strong source that is never seeded by hand: a seeded {@code
     * SecureRandom} gives every node the same secrets.
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
      if (proofLifetime.isNegative()
          || proofLifetime.isZero()
          || proofLifetime.compareTo(MAX_PROOF_LIFETIME) > 0) {
        throw new IllegalArgumentException(
            "proofLifetime must be positive and at most "
                + MAX_PROOF_LIFETIME
                + ": "
                + proofLifetime);
      }
      if (maxDevices < 1 || maxDevices > 100) {
        throw new IllegalArgumentException(
            "trusted devices must be between 1 and 100: " + maxDevices);
      }
      if (deviceLifetime.isNegative()
          || deviceLifetime.isZero()
          || deviceLifetime.compareTo(Duration.ofDays(365)) > 0) {
        throw new IllegalArgumentException(
            "device lifetime must be positive and at most 365 days: " + deviceLifetime);
      }
      if (deviceGrace.isNegative() || deviceGrace.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException(
            "device grace must be from zero to one minute: " + deviceGrace);
      }
      if (resyncRange < 1 || resyncRange > CredentialRecord.MAX_DRIFT) {
        throw new IllegalArgumentException(
            "resynchronizationRange must be between 1 and "
                + CredentialRecord.MAX_DRIFT
                + ": "
                + resyncRange);
      }
      return new TwoFactor(new Shared(this, checkedIssuer, chosen), RequestContext.none());
    }
  }
}
