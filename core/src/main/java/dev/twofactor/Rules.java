package dev.twofactor;

import java.time.Instant;
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

  final Totp totp;
  final ThrottlePolicy throttle;
  final SecretSealer sealer;
  private final ConcurrentMap<String, OpenedSecret> opened = new ConcurrentHashMap<>();

  Rules(Totp totp, ThrottlePolicy throttle, SecretSealer sealer) {
    this.totp = totp;
    this.throttle = throttle;
    this.sealer = sealer;
  }

  /** Stores a new pending secret; a first enrollment, or a rotation of an active one. */
  Decision<Boolean> enroll(
      @Nullable CredentialRecord r,
      String accountId,
      Instant now,
      String sealedPending,
      Instant expiresAt,
      long firstVersion) {
    TwoFactorEvent enrolled = TwoFactorEvent.of(TwoFactorEvent.Type.ENROLLED, accountId, now);
    if (r == null) {
      // A random first version: a replacement prepared from a deleted record can never match
      // the version of the record that replaced it.
      CredentialRecord first =
          CredentialRecord.builder(accountId)
              .version(firstVersion)
              .pendingSecret(sealedPending, expiresAt)
              .build();
      return Decision.store(first, false, enrolled);
    }
    CredentialRecord next = r.next().pendingSecret(sealedPending, expiresAt).buildNext();
    return Decision.store(next, r.secret() != null, enrolled);
  }

  /** Confirms a pending secret with a code of it. */
  Decision<Verification> confirm(
      @Nullable CredentialRecord r, String accountId, Instant now, long given) {
    String pending = r == null ? null : r.pendingSecret();
    Instant expiresAt = r == null ? null : r.pendingExpiresAt();
    if (r == null || pending == null || expiresAt == null) {
      return rejected(accountId, now, Verification.NOT_ENROLLED, r);
    }
    if (!now.isBefore(expiresAt)) {
      return rejected(accountId, now, Verification.EXPIRED, r);
    }
    Verification throttled = throttled(r, now);
    if (throttled != null) {
      return rejected(accountId, now, throttled, r);
    }
    if (given == Codes.MALFORMED) {
      return rejected(accountId, now, Verification.MALFORMED, r);
    }
    long nowStep = totp.stepAt(now);
    Secret secret = sealer.open(accountId, pending);
    Verification v = totp.verifyParsedAround(secret, given, nowStep, -1);
    if (!v.isAccepted()) {
      return failure(r, now, v);
    }
    long step = v.step();
    CredentialRecord next =
        r.next()
            .secret(pending, now)
            .lastStep(step)
            .drift(learnedDrift(step - nowStep))
            .pendingSecret(null, null)
            .failures(0)
            .retryAfter(null)
            .buildNext();
    remember(accountId, pending, secret);
    return Decision.store(
        next, v, TwoFactorEvent.of(TwoFactorEvent.Type.CONFIRMED, accountId, now));
  }

  /** Checks a login code against the active secret. */
  Decision<Verification> verify(
      @Nullable CredentialRecord r, String accountId, Instant now, long given) {
    String sealed = r == null ? null : r.secret();
    if (r == null || sealed == null) {
      return rejected(accountId, now, withoutActiveSecret(r, now), r);
    }
    Verification throttled = throttled(r, now);
    if (throttled != null) {
      return rejected(accountId, now, throttled, r);
    }
    if (given == Codes.MALFORMED) {
      return rejected(accountId, now, Verification.MALFORMED, r);
    }
    long nowStep = totp.stepAt(now);
    Secret secret = openActive(accountId, sealed);
    int drift = learnedDrift(r.drift());
    Verification v = totp.verifyParsedAround(secret, given, nowStep + drift, r.lastStep());
    if (v.isAccepted()) {
      long step = v.step();
      CredentialRecord next =
          r.next()
              .lastStep(step)
              .drift(learnedDrift(step - nowStep))
              .lastUsedAt(now)
              .failures(0)
              .retryAfter(null)
              .buildNext();
      Verification accepted = drift == 0 ? v : Verification.accepted(step, step - nowStep);
      return Decision.store(
          next, accepted, TwoFactorEvent.of(TwoFactorEvent.Type.ACCEPTED, accountId, now));
    }
    if (v.reason() == Verification.Reason.REPLAYED) {
      return rejected(accountId, now, v, r);
    }
    return failure(r, now, v);
  }

  /** Replaces the recovery codes of an account with an active secret. */
  Decision<Boolean> replaceRecoveryCodes(
      @Nullable CredentialRecord r, String accountId, Instant now, String encoded) {
    CredentialRecord active = requireActive(r, accountId);
    return Decision.store(
        active.next().recoveryCodes(encoded).buildNext(),
        true,
        TwoFactorEvent.of(TwoFactorEvent.Type.RECOVERY_CODES_GENERATED, accountId, now));
  }

  /** Uses up a recovery code, given its hash under the stored set's parameters. */
  Decision<Verification> redeem(
      @Nullable CredentialRecord r,
      String accountId,
      Instant now,
      char @Nullable [] normalized,
      RecoveryCodeHasher hasher) {
    if (r == null || r.secret() == null) {
      return rejected(accountId, now, withoutActiveSecret(r, now), r);
    }
    Verification throttled = throttled(r, now);
    if (throttled != null) {
      return rejected(accountId, now, throttled, r);
    }
    if (normalized == null) {
      return rejected(accountId, now, Verification.MALFORMED, r);
    }
    String stored = r.recoveryCodes();
    RecoveryCodeSet set = stored == null ? null : RecoveryCodeSet.parse(stored);
    int index = set == null ? -1 : set.indexOf(hasher.hash(set, normalized));
    if (set == null || index < 0) {
      return failure(r, now, Verification.MISMATCH);
    }
    CredentialRecord next =
        r.next()
            .lastUsedAt(now)
            .failures(0)
            .retryAfter(null)
            .recoveryCodes(set.encodeWithout(index))
            .buildNext();
    return Decision.store(
        next,
        Verification.accepted(totp.stepAt(now), 0),
        TwoFactorEvent.of(TwoFactorEvent.Type.RECOVERY_CODE_USED, accountId, now));
  }

  /** Returns what a host may show about the record. */
  static CredentialStatus status(@Nullable CredentialRecord r, Instant now) {
    if (r == null) {
      return new CredentialStatus(CredentialStatus.State.NONE, null, null, null, null, 0, 0);
    }
    Instant expiresAt = r.pendingExpiresAt();
    Instant pendingUntil = expiresAt != null && now.isBefore(expiresAt) ? expiresAt : null;
    CredentialStatus.State state =
        r.secret() != null
            ? CredentialStatus.State.ACTIVE
            : pendingUntil != null ? CredentialStatus.State.PENDING : CredentialStatus.State.NONE;
    Instant retryAfter = r.retryAfter();
    String recovery = r.recoveryCodes();
    return new CredentialStatus(
        state,
        r.confirmedAt(),
        r.lastUsedAt(),
        retryAfter != null && now.isBefore(retryAfter) ? retryAfter : null,
        pendingUntil,
        r.failures(),
        recovery == null ? 0 : RecoveryCodeSet.parse(recovery).size());
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

  /** Returns the opened active secret, from the cache if the sealed text is the one cached. */
  Secret openActive(String accountId, String sealed) {
    OpenedSecret cached = opened.get(accountId);
    if (cached != null && cached.sealed.equals(sealed)) {
      return cached.secret;
    }
    Secret secret = sealer.open(accountId, sealed);
    remember(accountId, sealed, secret);
    return secret;
  }

  void forget(String accountId) {
    opened.remove(accountId);
  }

  private void remember(String accountId, String sealed, Secret secret) {
    if (opened.size() >= SECRET_CACHE_SIZE) {
      opened.clear(); // simpler than an LRU, and a miss costs only one unsealing
    }
    opened.put(accountId, new OpenedSecret(sealed, secret));
  }

  /** Caps a drift so that the window centred on it still contains the current step. */
  private int learnedDrift(long drift) {
    return (int) Math.max(-totp.windowAhead(), Math.min(totp.windowBehind(), drift));
  }

  /** Says why an account without an active secret cannot log in. */
  private static Verification withoutActiveSecret(@Nullable CredentialRecord r, Instant now) {
    Instant expiresAt = r == null ? null : r.pendingExpiresAt();
    return expiresAt != null && !now.isBefore(expiresAt)
        ? Verification.EXPIRED
        : Verification.NOT_ENROLLED;
  }

  private static @Nullable Verification throttled(CredentialRecord r, Instant now) {
    Instant retryAfter = r.retryAfter();
    return retryAfter != null && now.isBefore(retryAfter)
        ? Verification.throttled(retryAfter)
        : null;
  }

  /** Stores one more failure and the wait it costs. */
  private Decision<Verification> failure(CredentialRecord r, Instant now, Verification rejection) {
    int failures = r.failures() == Integer.MAX_VALUE ? r.failures() : r.failures() + 1;
    Instant retryAfter = throttle.retryAfter(failures, now);
    CredentialRecord next = r.next().failures(failures).retryAfter(retryAfter).buildNext();
    String accountId = r.accountId();
    TwoFactorEvent rejected =
        TwoFactorEvent.rejected(accountId, now, rejection.reason(), null, failures);
    return retryAfter == null
        ? Decision.store(next, rejection, rejected)
        : Decision.store(
            next, rejection, rejected, TwoFactorEvent.locked(accountId, now, retryAfter, failures));
  }

  private static Decision<Verification> rejected(
      String accountId, Instant now, Verification rejection, @Nullable CredentialRecord r) {
    Instant retryAfter =
        rejection.reason() == Verification.Reason.THROTTLED ? rejection.retryAfter() : null;
    return Decision.answer(
        rejection,
        TwoFactorEvent.rejected(
            accountId, now, rejection.reason(), retryAfter, r == null ? 0 : r.failures()));
  }

  static CredentialRecord requireActive(@Nullable CredentialRecord r, String accountId) {
    if (r == null || r.secret() == null) {
      throw new IllegalStateException(
          "account must have an active credential: " + Ascii.quote(accountId));
    }
    return r;
  }

  /** An opened secret and the sealed text it came from; never printed. */
  private static final class OpenedSecret {
    final String sealed;
    final Secret secret;

    OpenedSecret(String sealed, Secret secret) {
      this.sealed = sealed;
      this.secret = secret;
    }
  }
}
