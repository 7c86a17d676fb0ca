package dev.twofactor;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a host may show about an account's second factor: whether it is set up, when it was
 * confirmed and last used, whether it is locked, and how many recovery codes are left.
 *
 * <p>A snapshot taken by {@link TwoFactor#status(String)}; it never contains a secret. Immutable.
 */
public final class CredentialStatus {
  /** Whether the account has a second factor. */
  public enum State {
    /** No secret: never enrolled, disabled, or only an expired enrollment. */
    NONE,
    /** A secret is enrolled but not yet confirmed, and cannot log in. */
    PENDING,
    /** A confirmed secret logs in (a rotation may also be pending). */
    ACTIVE
  }

  private final State state;
  private final @Nullable Instant confirmedAt;
  private final @Nullable Instant lastUsedAt;
  private final @Nullable Instant lockedUntil;
  private final @Nullable Instant pendingExpiresAt;
  private final int failures;
  private final int recoveryCodesLeft;
  private final List<TrustedDevice> trustedDevices;

  @SuppressWarnings("TooManyParameters") // package-private: only the service makes one
  CredentialStatus(
      State state,
      @Nullable Instant confirmedAt,
      @Nullable Instant lastUsedAt,
      @Nullable Instant lockedUntil,
      @Nullable Instant pendingExpiresAt,
      int failures,
      int recoveryCodesLeft,
      List<TrustedDevice> trustedDevices) {
    this.state = state;
    this.confirmedAt = confirmedAt;
    this.lastUsedAt = lastUsedAt;
    this.lockedUntil = lockedUntil;
    this.pendingExpiresAt = pendingExpiresAt;
    this.failures = failures;
    this.recoveryCodesLeft = recoveryCodesLeft;
    this.trustedDevices = List.copyOf(trustedDevices);
  }

  /**
   * Returns whether the account has a second factor.
   *
   * @return NONE, PENDING or ACTIVE
   */
  public State state() {
    return state;
  }

  /**
   * Returns when the active secret was confirmed.
   *
   * @return the instant if {@link #state()} is ACTIVE, otherwise empty
   */
  public Optional<Instant> confirmedAt() {
    return Optional.ofNullable(confirmedAt);
  }

  /**
   * Returns the last successful login with a code or a recovery code.
   *
   * @return the instant, or empty if there was none
   */
  public Optional<Instant> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }

  /**
   * Returns until when the throttle refuses attempts.
   *
   * @return the instant if it is still in the future, otherwise empty
   */
  public Optional<Instant> lockedUntil() {
    return Optional.ofNullable(lockedUntil);
  }

  /**
   * Returns when the pending enrollment (a first one, or a rotation) can no longer be confirmed.
   *
   * @return the instant if an enrollment is pending and not expired, otherwise empty
   */
  public Optional<Instant> pendingExpiresAt() {
    return Optional.ofNullable(pendingExpiresAt);
  }

  /**
   * Returns the number of consecutive wrong codes and recovery codes since the last success.
   *
   * @return 0 or more
   */
  public int failures() {
    return failures;
  }

  /**
   * Returns how many unused recovery codes the account has.
   *
   * @return 0 or more
   */
  public int recoveryCodesLeft() {
    return recoveryCodesLeft;
  }

  /**
   * Returns the devices trusted to sign in without a code, whose trust has not ended.
   *
   * @return the devices, oldest first; never their tokens
   */
  public List<TrustedDevice> trustedDevices() {
    return trustedDevices;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CredentialStatus that
        && state == that.state
        && Objects.equals(confirmedAt, that.confirmedAt)
        && Objects.equals(lastUsedAt, that.lastUsedAt)
        && Objects.equals(lockedUntil, that.lockedUntil)
        && Objects.equals(pendingExpiresAt, that.pendingExpiresAt)
        && failures == that.failures
        && recoveryCodesLeft == that.recoveryCodesLeft
        && trustedDevices.equals(that.trustedDevices);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        state, confirmedAt, lastUsedAt, lockedUntil, pendingExpiresAt, failures, recoveryCodesLeft);
  }

  /**
   * Describes the status.
   *
   * @return for example {@code "CredentialStatus[ACTIVE, confirmed 2026-01-01T00:01:00Z, last used
   *     2026-01-02T08:00:00Z, 0 failures, 10 recovery codes left]"}
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("CredentialStatus[").append(state);
    if (confirmedAt != null) {
      s.append(", confirmed ").append(confirmedAt);
    }
    if (lastUsedAt != null) {
      s.append(", last used ").append(lastUsedAt);
    }
    if (pendingExpiresAt != null) {
      s.append(", pending until ").append(pendingExpiresAt);
    }
    if (lockedUntil != null) {
      s.append(", locked until ").append(lockedUntil);
    }
    s.append(", ").append(failures).append(" failures, ").append(recoveryCodesLeft);
    s.append(" recovery codes left");
    if (!trustedDevices.isEmpty()) {
      s.append(", ").append(trustedDevices.size()).append(" trusted devices");
    }
    return s.append(']').toString();
  }
}
