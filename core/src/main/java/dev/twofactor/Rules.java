package dev.twofactor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The rules of {@link TwoFactor}, as decisions from (record, instant, input) to (new record,
 * answer, events). Nothing here reads or writes a repository: {@link TwoFactor} loads the record,
 * asks for a decision and stores it, so every rule can be tested on a record alone. Thread-safe.
 */
final class Rules {
  /** The most accounts whose opened secret an instance keeps. */
  static final int SECRET_CACHE_SIZE = 10_000;

  /** The most distinct code parameters whose policy an instance keeps. */
  static final int TOTP_CACHE_SIZE = 64;

  /** How far in the future a proof token may claim to be issued: clocks of nodes differ. */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  /** Who asks, when, and from where. */
  record Call(String accountId, Instant now, RequestContext context) {
    String source() {
      return Sources.source(context.address());
    }
  }

  /** An answer, or the rejection of the proof it needed. */
  static final class Outcome<T> {
    final @Nullable T value;
    final @Nullable Verification rejection;

    private Outcome(@Nullable T value, @Nullable Verification rejection) {
      this.value = value;
      this.rejection = rejection;
    }

    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> rejected(Verification rejection) {
      return new Outcome<>(null, rejection);
    }

    @Override
    public String toString() {
      return rejection != null ? "Outcome[" + rejection + "]" : "Outcome[" + value + "]";
    }
  }

  final Totp totp;
  final ThrottlePolicy throttle;
  final RecoveryCodePolicy recovery;
  final Seals seals;
  final Duration proofLifetime;
  final int resyncRange;
  final int maxDevices;
  final Duration deviceLifetime;
  final Duration deviceGrace;
  private final boolean legacyRecords;
  private final Secret nothing = Secret.generate();
  private final ConcurrentMap<String, OpenedSecret> opened = new ConcurrentHashMap<>();
  private final ConcurrentMap<CodeParameters, Totp> policies = new ConcurrentHashMap<>();

  @SuppressWarnings("TooManyParameters") // one per setting of the builder
  Rules(
      Totp totp,
      ThrottlePolicy throttle,
      RecoveryCodePolicy recovery,
      SecretSealer sealer,
      Duration proofLifetime,
      int resyncRange,
      boolean legacyRecords,
      int maxDevices,
      Duration deviceLifetime,
      Duration deviceGrace) {
    this.maxDevices = maxDevices;
    this.deviceLifetime = deviceLifetime;
    this.deviceGrace = deviceGrace;
    this.totp = totp;
    this.throttle = throttle;
    this.recovery = recovery;
    this.seals = new Seals(sealer);
    this.proofLifetime = proofLifetime;
    this.resyncRange = resyncRange;
    this.legacyRecords = legacyRecords;
  }

  // ---------------------------------------------------------------- enrollment

  /**
   * Stores a new pending secret: a first enrollment, or the replacement of an active one, which
   * needs proof of the current factor.
   */
  @SuppressWarnings("TooManyParameters")
  Decision<Outcome<Boolean>> enroll(
      @Nullable CredentialRecord stored,
      Call call,
      @Nullable Proof proof,
      String pendingId,
      String sealedPending,
      Instant expiresAt,
      long firstVersion) {
    CredentialRecord r = current(stored, call);
    if (r == null) {
      // A random first version: a replacement prepared from a deleted record can never match
      // the version of the record that replaced it.
      CredentialRecord first =
          CredentialRecord.builder(call.accountId())
              .version(firstVersion)
              .set(CredentialRecord.PENDING_ID, pendingId)
              .pendingSecret(sealedPending, expiresAt)
              .build();
      return Decision.store(first, Outcome.of(false), event(TwoFactorEvent.Type.ENROLLED, call));
    }
    if (r.secret() == null) {
      CredentialRecord next = withPending(r.next(), pendingId, sealedPending, expiresAt);
      return Decision.store(next, Outcome.of(false), event(TwoFactorEvent.Type.ENROLLED, call));
    }
    if (proof == null) {
      throw new IllegalStateException(
          "account "
              + Ascii.quote(call.accountId())
              + " has an active credential: replacing it needs proof of the current factor,"
              + " enroll(accountId, accountName, proof)");
    }
    Proven proven = prove(r, call, proof);
    if (proven.rejection != null) {
      return proven.rejection.map(Outcome::rejected);
    }
    CredentialRecord next =
        withPending(proven.base.toBuilder(), pendingId, sealedPending, expiresAt);
    return Decision.store(
        next,
        Outcome.of(true),
        proven.events(event(TwoFactorEvent.Type.REPLACEMENT_STARTED, call)));
  }

  private static CredentialRecord withPending(
      CredentialRecord.Builder b, String pendingId, String sealedPending, Instant expiresAt) {
    return b.set(CredentialRecord.PENDING_ID, pendingId)
        .pendingSecret(sealedPending, expiresAt)
        .buildNext();
  }

  /** Confirms a pending secret with a code of it, which makes it the active one. */
  Decision<Verification> confirm(@Nullable CredentialRecord stored, Call call, CharSequence code) {
    CredentialRecord r = current(stored, call);
    Instant now = call.now();
    Instant expiresAt = r == null ? null : r.pendingExpiresAt();
    if (r == null || r.pendingSecret() == null || expiresAt == null) {
      spendHmacs(code, now);
      return rejected(call, Verification.NOT_ENROLLED, r);
    }
    if (!now.isBefore(expiresAt)) {
      spendHmacs(code, now);
      return rejected(call, Verification.EXPIRED, r);
    }
    Instant blocked = codesBlockedUntil(r, call);
    if (blocked != null) {
      return rejected(call, Verification.throttled(blocked), r);
    }
    byte[] payload = seals.openPending(r);
    CodeParameters parameters;
    Secret secret;
    try {
      parameters = CodeParameters.fromPayload(payload);
      secret = CodeParameters.secretOf(payload);
    } finally {
      java.util.Arrays.fill(payload, (byte) 0);
    }
    Totp policy = totpFor(parameters);
    long given = Codes.parse(code, parameters.digits());
    if (given == Codes.MALFORMED) {
      return rejected(call, Verification.MALFORMED, r);
    }
    long nowStep = policy.stepAt(now);
    Verification v = policy.verifyParsedAround(secret, given, nowStep, -1);
    if (!v.isAccepted()) {
      return failure(r, call, Sources.CODES, v);
    }
    boolean replacement = r.secret() != null;
    String credentialId = Objects.requireNonNull(r.pendingId());
    String sealed = seals.secret(call.accountId(), credentialId, parameters, secret);
    CredentialRecord.Builder next =
        success(r, call)
            .set(CredentialRecord.CREDENTIAL_ID, credentialId)
            .secret(sealed, now)
            .set(CredentialRecord.ALGORITHM, parameters.algorithm().name())
            .set(CredentialRecord.DIGITS, parameters.digits())
            .set(CredentialRecord.PERIOD, parameters.periodSeconds())
            .lastStep(v.step())
            .drift(learnedDrift(v.step() - nowStep, 0, policy))
            .set(CredentialRecord.PENDING_ID, null)
            .pendingSecret(null, null)
            // A new secret ends the trust of every device: whoever replaced it may not be the
            // person who trusted them.
            .set(CredentialRecord.DEVICES, null);
    // Recovery codes stay valid across a replacement, bound again to the new enrollment.
    next.recoveryCodes(
        r.recoveryCodes() == null || r.credentialId() == null
            ? null
            : seals.recoveryCodes(
                call.accountId(),
                credentialId,
                seals.openRecoveryCodes(r, recovery.maxIterations())));
    Verification accepted = signedIn(v.step(), v.drift(), r, call, credentialId);
    return Decision.store(
        next.buildNext(),
        accepted,
        event(
            replacement ? TwoFactorEvent.Type.SECRET_REPLACED : TwoFactorEvent.Type.CONFIRMED,
            call));
  }

  // ---------------------------------------------------------------- sign-in

  /** Checks a sign-in code against the active secret. */
  Decision<Verification> verify(@Nullable CredentialRecord stored, Call call, CharSequence code) {
    CredentialRecord r = current(stored, call);
    if (r == null || r.secret() == null) {
      forget(call.accountId());
      spendHmacs(code, call.now());
      return rejected(call, withoutActiveSecret(r, call.now()), r);
    }
    Instant blocked = codesBlockedUntil(r, call);
    if (blocked != null) {
      return rejected(call, Verification.throttled(blocked), r);
    }
    CodeParameters parameters = CodeParameters.of(r);
    long given = Codes.parse(code, parameters.digits());
    if (given == Codes.MALFORMED) {
      return rejected(call, Verification.MALFORMED, r);
    }
    Totp policy = totpFor(parameters);
    long nowStep = policy.stepAt(call.now());
    Secret secret = openActive(r);
    Verification v = policy.verifyParsedAround(secret, given, nowStep + r.drift(), r.lastStep());
    if (v.isAccepted()) {
      long step = v.step();
      CredentialRecord.Builder next =
          success(r, call).lastStep(step).drift(learnedDrift(step - nowStep, r.drift(), policy));
      return signIn(r, next, call, step, step - nowStep, TwoFactorEvent.Type.ACCEPTED);
    }
    if (v.reason() == Verification.Reason.REPLAYED) {
      return rejected(call, v, r);
    }
    return failure(r, call, Sources.CODES, v);
  }

  /**
   * Resynchronises an authenticator whose clock is far off with two consecutive codes (the idea of
   * RFC 4226 §7.4 for TOTP): both must match adjacent steps within {@link #resyncRange} of the
   * current step, after the last one used. The drift is learned and the codes sign in.
   */
  Decision<Verification> resynchronize(
      @Nullable CredentialRecord stored, Call call, CharSequence code, CharSequence nextCode) {
    CredentialRecord r = current(stored, call);
    if (r == null || r.secret() == null) {
      forget(call.accountId());
      spendHmacs(code, call.now());
      return rejected(call, withoutActiveSecret(r, call.now()), r);
    }
    Instant blocked = codesBlockedUntil(r, call);
    if (blocked != null) {
      return rejected(call, Verification.throttled(blocked), r);
    }
    CodeParameters parameters = CodeParameters.of(r);
    long first = Codes.parse(code, parameters.digits());
    long second = Codes.parse(nextCode, parameters.digits());
    if (first == Codes.MALFORMED || second == Codes.MALFORMED) {
      return rejected(call, Verification.MALFORMED, r);
    }
    Totp policy = totpFor(parameters);
    long nowStep = policy.stepAt(call.now());
    Secret secret = openActive(r);
    long matched = policy.searchPair(secret, first, second, nowStep, resyncRange, r.lastStep());
    if (matched == -2) {
      return rejected(call, Verification.REPLAYED, r);
    }
    if (matched < 0) {
      return failure(r, call, Sources.CODES, Verification.MISMATCH);
    }
    long step = matched + 1;
    CredentialRecord.Builder next = success(r, call).lastStep(step).drift((int) (step - nowStep));
    return signIn(r, next, call, step, step - nowStep, TwoFactorEvent.Type.RESYNCHRONIZED);
  }

  private Decision<Verification> signIn(
      CredentialRecord r,
      CredentialRecord.Builder next,
      Call call,
      long step,
      long drift,
      TwoFactorEvent.Type type) {
    CredentialRecord built = next.buildNext();
    CredentialRecord resealed = resealIfNeeded(built, call);
    String credentialId = Objects.requireNonNull(r.credentialId());
    Verification accepted = signedIn(step, drift, r, call, credentialId);
    TwoFactorEvent signedIn =
        TwoFactorEvent.signedIn(
            type, call.accountId(), call.now(), failuresSinceSuccess(r), call.context());
    return resealed == null
        ? Decision.store(built, accepted, signedIn)
        : Decision.store(resealed, accepted, signedIn, event(TwoFactorEvent.Type.RESEALED, call));
  }

  // ---------------------------------------------------------------- recovery codes

  /** Checks the proof before new recovery codes are made; answers the credential's id. */
  Decision<Outcome<String>> proveForRecoveryCodes(
      @Nullable CredentialRecord stored, Call call, Proof proof) {
    CredentialRecord r = requireActive(current(stored, call), call.accountId());
    Proven proven = prove(r, call, proof);
    if (proven.rejection != null) {
      return proven.rejection.map(Outcome::rejected);
    }
    Outcome<String> outcome = Outcome.of(Objects.requireNonNull(r.credentialId()));
    return proven.events.isEmpty()
        ? Decision.answer(outcome)
        : Decision.store(proven.base, outcome, proven.events.toArray(new TwoFactorEvent[0]));
  }

  /** Stores a new set of recovery codes, if the credential is still the one the proof was for. */
  Decision<Boolean> replaceRecoveryCodes(
      @Nullable CredentialRecord stored, Call call, String credentialId, RecoveryCodeSet set) {
    CredentialRecord r = requireActive(current(stored, call), call.accountId());
    if (!credentialId.equals(r.credentialId())) {
      throw new IllegalStateException(
          "the credential of account "
              + Ascii.quote(call.accountId())
              + " was replaced while its recovery codes were made: prove the new one");
    }
    return Decision.store(
        r.next()
            .recoveryCodes(seals.recoveryCodes(call.accountId(), credentialId, set))
            .buildNext(),
        true,
        event(TwoFactorEvent.Type.RECOVERY_CODES_GENERATED, call));
  }

  /** Uses up a recovery code; a sign-in that also ends every lock of codes. */
  Decision<Verification> redeem(
      @Nullable CredentialRecord stored, Call call, char[] normalized, RecoveryCodeHasher hasher) {
    CredentialRecord r = current(stored, call);
    if (r == null || r.secret() == null) {
      RecoveryCodeSet.hashForNothing(normalized, recovery.iterations());
      return rejected(call, withoutActiveSecret(r, call.now()), r);
    }
    Instant blocked = sources(r).blockedUntil(Sources.RECOVERY_CODES, call.source(), call.now());
    if (blocked != null) {
      return rejected(call, Verification.throttled(blocked), r);
    }
    int index = -1;
    RecoveryCodeSet set = null;
    if (r.recoveryCodes() == null) {
      RecoveryCodeSet.hashForNothing(normalized, recovery.iterations());
    } else {
      set = seals.openRecoveryCodes(r, recovery.maxIterations());
      index = set.indexOf(hasher.hash(set, normalized));
    }
    if (set == null || index < 0) {
      return failure(r, call, Sources.RECOVERY_CODES, Verification.MISMATCH);
    }
    RecoveryCodeSet rest = set.without(index);
    String credentialId = Objects.requireNonNull(r.credentialId());
    CredentialRecord.Builder next =
        success(r, call)
            .set(CredentialRecord.BUDGET_24H, null)
            .set(CredentialRecord.BUDGET_30D, null)
            .set(CredentialRecord.KNOWN_BUDGET_24H, null)
            .set(CredentialRecord.KNOWN_BUDGET_30D, null)
            .recoveryCodes(
                rest == null ? null : seals.recoveryCodes(call.accountId(), credentialId, rest));
    long step = totpFor(CodeParameters.of(r)).stepAt(call.now());
    return signIn(
        r, next, call, Math.max(step, r.lastStep()), 0, TwoFactorEvent.Type.RECOVERY_CODE_USED);
  }

  /** Computes a recovery code's hash under a set's parameters, reusing it across retries. */
  static final class RecoveryCodeHasher {
    private byte @Nullable [] hash;
    private @Nullable RecoveryCodeSet hashedWith;

    byte[] hash(RecoveryCodeSet set, char[] normalized) {
      byte[] h = hash;
      RecoveryCodeSet with = hashedWith;
      // The hash survives a lost race unless the set itself was replaced.
      if (h == null || with == null || !set.sameParameters(with)) {
        h = set.hash(normalized);
        hash = h;
        hashedWith = set;
      }
      return h;
    }
  }

  // ---------------------------------------------------------------- trusted devices

  /** Trusts a device, with proof of the current factor; answers its first token. */
  @SuppressWarnings("TooManyParameters")
  Decision<Outcome<DeviceToken>> trustDevice(
      @Nullable CredentialRecord stored,
      Call call,
      Proof proof,
      String label,
      String deviceId,
      String token) {
    CredentialRecord r = requireActive(current(stored, call), call.accountId());
    Proven proven = prove(r, call, proof);
    if (proven.rejection != null) {
      return proven.rejection.map(Outcome::rejected);
    }
    Instant now = call.now();
    Instant expiresAt = now.plus(deviceLifetime);
    Devices.Device device =
        new Devices.Device(deviceId, label, now, now, expiresAt, Devices.hash(token), null, null);
    Devices devices = devices(r).unexpired(now).with(device, maxDevices);
    CredentialRecord next =
        proven.base.toBuilder()
            .set(CredentialRecord.DEVICES, sealDevices(call, r, devices))
            .buildNext();
    return Decision.store(
        next,
        Outcome.of(new DeviceToken(deviceId, token, expiresAt)),
        proven.events(
            TwoFactorEvent.ofDevice(
                TwoFactorEvent.Type.DEVICE_TRUSTED,
                call.accountId(),
                now,
                deviceId,
                0,
                call.context())));
  }

  /**
   * Checks a trusted device's token: a current one signs in and is replaced by {@code newToken}; a
   * token replaced less than the grace period ago signs in without another replacement; one
   * replaced earlier ends the trust of every device.
   */
  Decision<DeviceVerification> verifyDevice(
      @Nullable CredentialRecord stored, Call call, CharSequence token, String newToken) {
    CredentialRecord r = current(stored, call);
    byte[] hash = Devices.hash(token);
    if (r == null || r.secret() == null) {
      return deviceRejected(call, Verification.Reason.NOT_ENROLLED, r);
    }
    Instant now = call.now();
    Devices all = devices(r);
    Devices.Device device = all.byCurrent(hash);
    if (device != null) {
      if (!now.isBefore(device.expiresAt())) {
        CredentialRecord next =
            r.next()
                .set(CredentialRecord.DEVICES, sealDevices(call, r, all.without(device.id())))
                .buildNext();
        return Decision.store(
            next,
            DeviceVerification.rejected(Verification.Reason.EXPIRED),
            rejectedEvent(call, Verification.Reason.EXPIRED, r));
      }
      Devices.Device rotated =
          new Devices.Device(
              device.id(),
              device.label(),
              device.created(),
              now,
              device.expiresAt(),
              Devices.hash(newToken),
              hash,
              now);
      CredentialRecord next =
          success(r, call)
              .set(
                  CredentialRecord.DEVICES,
                  sealDevices(call, r, all.with(rotated, Integer.MAX_VALUE)))
              .buildNext();
      return Decision.store(
          next,
          DeviceVerification.accepted(
              device.id(), new DeviceToken(device.id(), newToken, device.expiresAt())),
          TwoFactorEvent.ofDevice(
              TwoFactorEvent.Type.DEVICE_SIGNED_IN,
              call.accountId(),
              now,
              device.id(),
              failuresSinceSuccess(r),
              call.context()));
    }
    Devices.Device replaced = all.byPrevious(hash);
    if (replaced != null) {
      Instant rotatedAt = Objects.requireNonNull(replaced.rotatedAt());
      if (now.isBefore(rotatedAt.plus(deviceGrace)) && now.isBefore(replaced.expiresAt())) {
        // A parallel request of the same browser, sent before the replacement reached it.
        return Decision.answer(
            DeviceVerification.accepted(replaced.id(), null),
            TwoFactorEvent.ofDevice(
                TwoFactorEvent.Type.DEVICE_SIGNED_IN,
                call.accountId(),
                now,
                replaced.id(),
                failuresSinceSuccess(r),
                call.context()));
      }
      return Decision.store(
          r.next().set(CredentialRecord.DEVICES, null).buildNext(),
          DeviceVerification.rejected(Verification.Reason.REPLAYED),
          TwoFactorEvent.ofDevice(
              TwoFactorEvent.Type.DEVICE_TOKEN_REUSED,
              call.accountId(),
              now,
              replaced.id(),
              0,
              call.context()));
    }
    return deviceRejected(call, Verification.Reason.MISMATCH, r);
  }

  /** Ends the trust of one device, or of every device when {@code deviceId} is null. */
  Decision<Boolean> revokeDevices(
      @Nullable CredentialRecord stored, Call call, @Nullable String deviceId) {
    CredentialRecord r = current(stored, call);
    if (r == null || r.secret() == null || r.devices() == null) {
      return Decision.answer(false);
    }
    Devices all = devices(r);
    if (deviceId == null) {
      return Decision.store(
          r.next().set(CredentialRecord.DEVICES, null).buildNext(),
          true,
          TwoFactorEvent.ofDevice(
              TwoFactorEvent.Type.DEVICES_REVOKED,
              call.accountId(),
              call.now(),
              null,
              0,
              call.context()));
    }
    Devices rest = all.without(deviceId);
    if (rest.devices.size() == all.devices.size()) {
      return Decision.answer(false);
    }
    return Decision.store(
        r.next().set(CredentialRecord.DEVICES, sealDevices(call, r, rest)).buildNext(),
        true,
        TwoFactorEvent.ofDevice(
            TwoFactorEvent.Type.DEVICE_REVOKED,
            call.accountId(),
            call.now(),
            deviceId,
            0,
            call.context()));
  }

  private Devices devices(CredentialRecord r) {
    if (r.devices() == null) {
      return Devices.none();
    }
    byte[] plaintext = seals.openDevices(r);
    try {
      return Devices.decode(plaintext);
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
    }
  }

  private @Nullable String sealDevices(Call call, CredentialRecord r, Devices devices) {
    if (devices.devices.isEmpty()) {
      return null;
    }
    byte[] plaintext = devices.encode();
    try {
      return seals.devices(call.accountId(), Objects.requireNonNull(r.credentialId()), plaintext);
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
    }
  }

  private static Decision<DeviceVerification> deviceRejected(
      Call call, Verification.Reason reason, @Nullable CredentialRecord r) {
    return Decision.answer(DeviceVerification.rejected(reason), rejectedEvent(call, reason, r));
  }

  private static TwoFactorEvent rejectedEvent(
      Call call, Verification.Reason reason, @Nullable CredentialRecord r) {
    return TwoFactorEvent.rejected(
        call.accountId(),
        call.now(),
        reason,
        null,
        r == null ? 0 : failuresSinceSuccess(r),
        call.context());
  }

  // ---------------------------------------------------------------- removal and administration

  /** The user's own removal of the credential, with proof of the current factor. */
  Decision<Outcome<Boolean>> disable(@Nullable CredentialRecord stored, Call call, Proof proof) {
    CredentialRecord r = current(stored, call);
    if (r == null) {
      return Decision.answer(Outcome.of(false));
    }
    List<TwoFactorEvent> events = new ArrayList<>();
    if (r.secret() != null) {
      Proven proven = prove(r, call, proof);
      if (proven.rejection != null) {
        return proven.rejection.map(Outcome::rejected);
      }
      events.addAll(proven.events);
    }
    forget(call.accountId());
    events.add(event(TwoFactorEvent.Type.DISABLED, call));
    return Decision.delete(Outcome.of(true), events.toArray(new TwoFactorEvent[0]));
  }

  /** An administrator's reset: the record goes, whatever it holds. */
  Decision<Boolean> reset(@Nullable CredentialRecord r, Call call, String administrator) {
    forget(call.accountId());
    if (r == null) {
      return Decision.answer(false);
    }
    return Decision.delete(
        true, administrative(TwoFactorEvent.Type.RESET, call, administrator, false));
  }

  /** An administrator's unlock: the throttle state goes, the credential stays. */
  Decision<Boolean> unlock(@Nullable CredentialRecord r, Call call, String administrator) {
    if (r == null) {
      return Decision.answer(false);
    }
    CredentialRecord next =
        r.next()
            .failures(0)
            .set(CredentialRecord.RECOVERY_FAILURES, 0)
            .set(CredentialRecord.BUDGET_24H, null)
            .set(CredentialRecord.BUDGET_30D, null)
            .set(CredentialRecord.KNOWN_BUDGET_24H, null)
            .set(CredentialRecord.KNOWN_BUDGET_30D, null)
            .set(CredentialRecord.SOURCES, sources(r).withoutBackOffs().encode())
            .buildNext();
    return Decision.store(
        next, true, administrative(TwoFactorEvent.Type.UNLOCKED, call, administrator, false));
  }

  /** Stores an existing secret as the active credential of an account that has none. */
  @SuppressWarnings("TooManyParameters")
  Decision<Boolean> importCredential(
      @Nullable CredentialRecord stored,
      Call call,
      String credentialId,
      String sealed,
      CodeParameters parameters,
      boolean weak,
      String administrator,
      long firstVersion) {
    CredentialRecord r = current(stored, call);
    if (r != null && r.secret() != null) {
      throw new IllegalStateException(
          "account "
              + Ascii.quote(call.accountId())
              + " has an active credential: reset it before importing another");
    }
    CredentialRecord.Builder b =
        r == null ? CredentialRecord.builder(call.accountId()).version(firstVersion) : r.next();
    CredentialRecord next =
        b.set(CredentialRecord.CREDENTIAL_ID, credentialId)
            .secret(sealed, call.now())
            .set(CredentialRecord.ALGORITHM, parameters.algorithm().name())
            .set(CredentialRecord.DIGITS, parameters.digits())
            .set(CredentialRecord.PERIOD, parameters.periodSeconds())
            .lastStep(-1)
            .drift(0)
            .set(CredentialRecord.PENDING_ID, null)
            .pendingSecret(null, null)
            .recoveryCodes(null)
            .set(CredentialRecord.DEVICES, null)
            .build();
    return Decision.store(
        next, weak, administrative(TwoFactorEvent.Type.IMPORTED, call, administrator, weak));
  }

  /** Reads the active secret for an export; stores nothing. */
  Decision<Secret> export(@Nullable CredentialRecord stored, Call call, String administrator) {
    CredentialRecord r = requireActive(current(stored, call), call.accountId());
    return Decision.answer(
        openActive(r), administrative(TwoFactorEvent.Type.EXPORTED, call, administrator, false));
  }

  /** Seals every value of a record again under the current key and this version's bindings. */
  Decision<Boolean> reseal(@Nullable CredentialRecord stored, Call call) {
    if (stored == null) {
      return Decision.answer(false);
    }
    CredentialRecord r = current(stored, call);
    CredentialRecord resealed = resealIfNeeded(Objects.requireNonNull(r), call);
    if (resealed == null && !stored.isLegacy()) {
      return Decision.answer(false);
    }
    CredentialRecord next =
        (resealed != null ? resealed : r).toBuilder().version(stored.version() + 1).buildNext();
    return Decision.store(next, true, event(TwoFactorEvent.Type.RESEALED, call));
  }

  // ---------------------------------------------------------------- status

  /** Returns what a host may show about the record. */
  CredentialStatus status(@Nullable CredentialRecord r, Call call) {
    Instant now = call.now();
    if (r == null) {
      return new CredentialStatus(
          CredentialStatus.State.NONE, null, null, null, null, 0, 0, List.of());
    }
    Instant expiresAt = r.pendingExpiresAt();
    Instant pendingUntil = expiresAt != null && now.isBefore(expiresAt) ? expiresAt : null;
    CredentialStatus.State state =
        r.secret() != null
            ? CredentialStatus.State.ACTIVE
            : pendingUntil != null ? CredentialStatus.State.PENDING : CredentialStatus.State.NONE;
    Instant locked =
        latest(
            latest(lockedForAll(r, now, false), lockedForAll(r, now, true)),
            sources(r).latest(Sources.CODES, now));
    int recoveryCodesLeft = 0;
    if (r.recoveryCodes() != null && r.secret() != null) {
      CredentialRecord readable = current(r, call);
      recoveryCodesLeft =
          seals
              .openRecoveryCodes(Objects.requireNonNull(readable), recovery.maxIterations())
              .size();
    }
    List<TrustedDevice> trusted =
        r.devices() != null && r.secret() != null
            ? devices(Objects.requireNonNull(current(r, call))).unexpired(now).view()
            : List.of();
    return new CredentialStatus(
        state,
        r.confirmedAt(),
        r.lastUsedAt(),
        locked,
        pendingUntil,
        failuresSinceSuccess(r),
        recoveryCodesLeft,
        trusted);
  }

  // ---------------------------------------------------------------- proofs

  /** The record after a proof was accepted, or the decision that stores its rejection. */
  private static final class Proven {
    final CredentialRecord base;
    final List<TwoFactorEvent> events;
    final @Nullable Decision<Verification> rejection;

    Proven(
        CredentialRecord base,
        List<TwoFactorEvent> events,
        @Nullable Decision<Verification> rejection) {
      this.base = base;
      this.events = events;
      this.rejection = rejection;
    }

    TwoFactorEvent[] events(TwoFactorEvent last) {
      List<TwoFactorEvent> all = new ArrayList<>(events);
      all.add(last);
      return all.toArray(new TwoFactorEvent[0]);
    }
  }

  /**
   * Checks a proof of the current factor. A code or a recovery code is checked as a sign-in is (and
   * used up); a token must open for this account and credential and be younger than the proof
   * lifetime. The base of an accepted proof has the next version.
   */
  private Proven prove(CredentialRecord r, Call call, Proof proof) {
    switch (proof.kind()) {
      case TOKEN -> {
        Instant issued =
            seals.openProof(
                call.accountId(),
                Objects.requireNonNull(r.credentialId()),
                proof.value().toString());
        Verification rejection =
            issued == null || issued.isAfter(call.now().plus(CLOCK_SKEW))
                ? Verification.MISMATCH
                : call.now().isBefore(issued.plus(proofLifetime)) ? null : Verification.EXPIRED;
        if (rejection != null) {
          return new Proven(r, List.of(), rejected(call, rejection, r));
        }
        return new Proven(r.next().buildNext(), List.of(), null);
      }
      case RECOVERY_CODE -> {
        char[] normalized = RecoveryCodeSet.normalize(proof.value());
        if (normalized == null) {
          return new Proven(r, List.of(), rejected(call, Verification.MALFORMED, r));
        }
        try {
          return proven(r, redeem(r, call, normalized, new RecoveryCodeHasher()));
        } finally {
          java.util.Arrays.fill(normalized, '\0');
        }
      }
      case CODE -> {
        if (Codes.digitCount(proof.value()) < 0) {
          return new Proven(r, List.of(), rejected(call, Verification.MALFORMED, r));
        }
        return proven(r, verify(r, call, proof.value()));
      }
    }
    throw new AssertionError(proof.kind());
  }

  private static Proven proven(CredentialRecord r, Decision<Verification> d) {
    if (!d.outcome.isAccepted()) {
      return new Proven(r, List.of(), d);
    }
    return new Proven(Objects.requireNonNull(d.next), d.events, null);
  }

  private Verification signedIn(
      long step, long drift, CredentialRecord r, Call call, String credentialId) {
    Instant now = call.now();
    return Verification.signedIn(
        step,
        drift,
        failuresSinceSuccess(r),
        () -> seals.proof(call.accountId(), credentialId, now));
  }

  // ---------------------------------------------------------------- throttle

  /** Until when codes are refused for this call's source, or {@code null} if one may be tried. */
  private @Nullable Instant codesBlockedUntil(CredentialRecord r, Call call) {
    Sources sources = sources(r);
    return latest(
        lockedForAll(r, call.now(), sources.isKnown(call.source())),
        sources.blockedUntil(Sources.CODES, call.source(), call.now()));
  }

  /**
   * Until when codes are refused from every source of a group (the sources that signed in before,
   * or the others): the hard stop and the group's budgets.
   */
  private @Nullable Instant lockedForAll(CredentialRecord r, Instant now, boolean known) {
    if (throttle.maxFailures() != ThrottlePolicy.UNLIMITED
        && r.failures() >= throttle.maxFailures()) {
      return ThrottlePolicy.UNTIL_RESET;
    }
    return latest(
        ThrottlePolicy.exhaustedUntil(
            known ? r.knownBudget24h() : r.budget24h(),
            now,
            throttle.dailyBudget(),
            ThrottlePolicy.DAY),
        ThrottlePolicy.exhaustedUntil(
            known ? r.knownBudget30d() : r.budget30d(),
            now,
            throttle.monthlyBudget(),
            ThrottlePolicy.MONTH));
  }

  /** Stores one more failure of a kind: counts, the group's budgets and the source's back-off. */
  private Decision<Verification> failure(
      CredentialRecord r, Call call, char kind, Verification rejection) {
    Instant now = call.now();
    CredentialRecord.Builder b = r.next();
    CredentialRecord next;
    Instant blocked;
    Sources sources = sources(r);
    if (kind == Sources.CODES) {
      boolean known = sources.isKnown(call.source());
      CredentialRecord.Field<Instant> day =
          known ? CredentialRecord.KNOWN_BUDGET_24H : CredentialRecord.BUDGET_24H;
      CredentialRecord.Field<Instant> month =
          known ? CredentialRecord.KNOWN_BUDGET_30D : CredentialRecord.BUDGET_30D;
      next =
          b.failures(saturatedIncrement(r.failures()))
              .set(
                  day,
                  ThrottlePolicy.spend(day.get(r), now, throttle.dailyBudget(), ThrottlePolicy.DAY))
              .set(
                  month,
                  ThrottlePolicy.spend(
                      month.get(r), now, throttle.monthlyBudget(), ThrottlePolicy.MONTH))
              .set(
                  CredentialRecord.SOURCES,
                  sources.fail(kind, call.source(), now, throttle).encode())
              .buildNext();
      blocked = codesBlockedUntil(next, call);
    } else {
      Sources after = sources.fail(kind, call.source(), now, recovery.throttle());
      next =
          b.set(CredentialRecord.RECOVERY_FAILURES, saturatedIncrement(r.recoveryFailures()))
              .set(CredentialRecord.SOURCES, after.encode())
              .buildNext();
      blocked = after.blockedUntil(kind, call.source(), now);
    }
    int failures = failuresSinceSuccess(next);
    TwoFactorEvent rejected =
        TwoFactorEvent.rejected(
            call.accountId(), now, rejection.reason(), null, failures, call.context());
    return blocked == null
        ? Decision.store(next, rejection, rejected)
        : Decision.store(
            next,
            rejection,
            rejected,
            TwoFactorEvent.locked(call.accountId(), now, blocked, failures, call.context()));
  }

  /**
   * The fields of a success: counts and back-offs end, the source becomes known; the budgets of
   * codes are kept.
   */
  private static CredentialRecord.Builder success(CredentialRecord r, Call call) {
    return r.next()
        .lastUsedAt(call.now())
        .failures(0)
        .set(CredentialRecord.RECOVERY_FAILURES, 0)
        .set(CredentialRecord.SOURCES, sources(r).signedIn(call.source(), call.now()).encode());
  }

  private static Sources sources(CredentialRecord r) {
    return Sources.parse(r.sources());
  }

  private static int failuresSinceSuccess(CredentialRecord r) {
    long sum = (long) r.failures() + r.recoveryFailures();
    return (int) Math.min(Integer.MAX_VALUE, sum);
  }

  private static int saturatedIncrement(int n) {
    return n == Integer.MAX_VALUE ? n : n + 1;
  }

  private static @Nullable Instant latest(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  // ---------------------------------------------------------------- records and secrets

  /**
   * Returns the record as this version reads it: a record written by version 0.1 is bound again (a
   * new credential id, its secret and recovery codes sealed with this version's bindings, an
   * unconfirmed enrollment dropped) when legacy records are allowed, with the version it was read
   * with, so that the next write replaces it.
   */
  private @Nullable CredentialRecord current(@Nullable CredentialRecord r, Call call) {
    if (r == null || !r.isLegacy()) {
      return r;
    }
    if (!legacyRecords) {
      throw new SealedSecretException(
          "credential record of account "
              + Ascii.quote(call.accountId())
              + " was written by twofactor 0.1: allow legacy records"
              + " (TwoFactor.Builder.legacyRecords(true)) and re-seal every record with"
              + " resealBatch");
    }
    CredentialRecord.Builder b =
        r.toBuilder().set(CredentialRecord.PENDING_ID, null).pendingSecret(null, null);
    if (r.secret() == null || r.credentialId() != null) {
      return b.buildNext();
    }
    String credentialId = Binding.newEnrollmentId();
    CodeParameters parameters = CodeParameters.of(totp);
    Secret secret = seals.openLegacySecret(r);
    b.set(CredentialRecord.CREDENTIAL_ID, credentialId)
        .set(
            CredentialRecord.SECRET,
            seals.secret(call.accountId(), credentialId, parameters, secret))
        .set(CredentialRecord.ALGORITHM, parameters.algorithm().name())
        .set(CredentialRecord.DIGITS, parameters.digits())
        .set(CredentialRecord.PERIOD, parameters.periodSeconds())
        .drift(Math.max(-Checks.MAX_WINDOW, Math.min(Checks.MAX_WINDOW, r.drift())));
    if (r.recoveryCodes() != null) {
      b.recoveryCodes(
          seals.recoveryCodes(
              call.accountId(),
              credentialId,
              seals.openRecoveryCodes(r, recovery.maxIterations())));
    }
    return b.buildNext();
  }

  /**
   * Returns the record with every sealed value sealed again under the current key, or {@code null}
   * if all of them already are.
   */
  private @Nullable CredentialRecord resealIfNeeded(CredentialRecord r, Call call) {
    if (r.secret() == null || seals.isCurrent(r)) {
      return null;
    }
    String credentialId = Objects.requireNonNull(r.credentialId());
    CodeParameters parameters = CodeParameters.of(r);
    CredentialRecord.Builder b =
        r.toBuilder()
            .set(
                CredentialRecord.SECRET,
                seals.secret(call.accountId(), credentialId, parameters, seals.openSecret(r)));
    if (r.recoveryCodes() != null) {
      b.recoveryCodes(
          seals.recoveryCodes(
              call.accountId(),
              credentialId,
              seals.openRecoveryCodes(r, recovery.maxIterations())));
    }
    if (r.devices() != null) {
      byte[] devices = seals.openDevices(r);
      try {
        b.set(CredentialRecord.DEVICES, seals.devices(call.accountId(), credentialId, devices));
      } finally {
        java.util.Arrays.fill(devices, (byte) 0);
      }
    }
    return b.buildNext();
  }

  /**
   * Returns the opened active secret, from the cache if the sealed text and everything it is bound
   * to (credential id and code parameters) are the ones it was opened with.
   */
  private Secret openActive(CredentialRecord r) {
    OpenedSecret cached = opened.get(r.accountId());
    if (cached != null && cached.isOf(r)) {
      return cached.secret;
    }
    Secret secret = seals.openSecret(r);
    if (opened.size() >= SECRET_CACHE_SIZE) {
      opened.clear(); // simpler than an LRU, and a miss costs only one unsealing
    }
    opened.put(r.accountId(), new OpenedSecret(r, secret));
    return secret;
  }

  void forget(String accountId) {
    opened.remove(accountId);
  }

  /** How many opened secrets this instance keeps, for tests. */
  int cachedSecrets() {
    return opened.size();
  }

  /** How many code policies, one per set of code parameters, this instance keeps, for tests. */
  int cachedPolicies() {
    return policies.size();
  }

  /** Returns the policy of a credential's parameters with the service's window. */
  private Totp totpFor(CodeParameters parameters) {
    Totp policy = policies.get(parameters);
    if (policy == null) {
      policy = parameters.totp(totp);
      if (policies.size() >= TOTP_CACHE_SIZE) {
        policies.clear();
      }
      policies.put(parameters, policy);
    }
    return policy;
  }

  /**
   * Computes the HMACs of a window for nothing, so that an account without an active secret answers
   * in about the time of one with it.
   */
  private void spendHmacs(CharSequence code, Instant now) {
    long given = Codes.parse(code, totp.digits());
    totp.verifyParsedAround(nothing, given == Codes.MALFORMED ? 0 : given, totp.stepAt(now), -1);
  }

  /**
   * Returns the drift to store after a code of {@code drift} steps off was accepted. Within the
   * window it is capped so that the window stays around the current step, so that a phone whose
   * clock is corrected keeps working; beyond it (after a resynchronisation) it follows the phone.
   */
  private static int learnedDrift(long drift, int stored, Totp policy) {
    if (Math.abs(stored) > Math.max(policy.windowBehind(), policy.windowAhead())) {
      return (int)
          Math.max(-CredentialRecord.MAX_DRIFT, Math.min(CredentialRecord.MAX_DRIFT, drift));
    }
    return (int) Math.max(-policy.windowAhead(), Math.min(policy.windowBehind(), drift));
  }

  /** Says why an account without an active secret cannot sign in. */
  private static Verification withoutActiveSecret(@Nullable CredentialRecord r, Instant now) {
    Instant expiresAt = r == null ? null : r.pendingExpiresAt();
    return expiresAt != null && !now.isBefore(expiresAt)
        ? Verification.EXPIRED
        : Verification.NOT_ENROLLED;
  }

  static CredentialRecord requireActive(@Nullable CredentialRecord r, String accountId) {
    if (r == null || r.secret() == null) {
      throw new IllegalStateException(
          "account must have an active credential: " + Ascii.quote(accountId));
    }
    return r;
  }

  // ---------------------------------------------------------------- events

  static Decision<Verification> rejected(
      Call call, Verification rejection, @Nullable CredentialRecord r) {
    Instant retryAfter =
        rejection.reason() == Verification.Reason.THROTTLED ? rejection.retryAfter() : null;
    return Decision.answer(
        rejection,
        TwoFactorEvent.rejected(
            call.accountId(),
            call.now(),
            rejection.reason(),
            retryAfter,
            r == null ? 0 : failuresSinceSuccess(r),
            call.context()));
  }

  private static TwoFactorEvent event(TwoFactorEvent.Type type, Call call) {
    return TwoFactorEvent.of(type, call.accountId(), call.now(), call.context());
  }

  private static TwoFactorEvent administrative(
      TwoFactorEvent.Type type, Call call, String administrator, boolean weak) {
    return TwoFactorEvent.byAdministrator(
        type, call.accountId(), call.now(), administrator, weak, call.context());
  }

  /** An opened secret and the sealed text and binding it came from; never printed. */
  private static final class OpenedSecret {
    final @Nullable String sealed;
    final @Nullable String credentialId;
    final @Nullable String algorithm;
    final @Nullable Integer digits;
    final @Nullable Integer period;
    final Secret secret;

    OpenedSecret(CredentialRecord r, Secret secret) {
      this.sealed = r.secret();
      this.credentialId = r.credentialId();
      this.algorithm = r.algorithm();
      this.digits = r.digits();
      this.period = r.period();
      this.secret = secret;
    }

    /** Tells whether a record holds the same sealed text with the same binding. */
    boolean isOf(CredentialRecord r) {
      return Objects.equals(sealed, r.secret())
          && Objects.equals(credentialId, r.credentialId())
          && Objects.equals(algorithm, r.algorithm())
          && Objects.equals(digits, r.digits())
          && Objects.equals(period, r.period());
    }
  }
}
