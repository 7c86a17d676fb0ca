package dev.twofactor.spring;

import dev.twofactor.CredentialStatus;
import dev.twofactor.DeviceToken;
import dev.twofactor.DeviceVerification;
import dev.twofactor.Enrollment;
import dev.twofactor.Proof;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.RequestContext;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Every call this module makes into {@link TwoFactor}, in one place.
 *
 * <p>The request and the proof parameters carry what the service is to be told beyond the account
 * and the code: the client's address and user agent, for its events and its per-address back-off,
 * and the proof of a recent verification, kept in the session, that replacing or removing a factor
 * needs.
 */
final class TwoFactorCalls {
  private final TwoFactor twoFactor;

  TwoFactorCalls(TwoFactor twoFactor) {
    this.twoFactor = twoFactor;
  }

  /**
   * The service as seen by one request: where the service takes a request context, it is given the
   * request's client address ({@code getRemoteAddr()}, which Spring Boot's {@code
   * server.forward-headers-strategy} makes the client's behind a proxy) and its user agent.
   */
  TwoFactor scoped(HttpServletRequest request) {
    return twoFactor.withContext(
        RequestContext.of(request.getRemoteAddr(), request.getHeader("User-Agent")));
  }

  Verification verify(HttpServletRequest request, String accountId, String code) {
    return scoped(request).verify(accountId, code);
  }

  Verification redeemRecoveryCode(HttpServletRequest request, String accountId, String code) {
    return scoped(request).redeemRecoveryCode(accountId, code);
  }

  /**
   * Starts an enrollment, or the replacement of an active secret.
   *
   * @param proof the proof of a recent verification, for a replacement; {@code null} for a first
   *     enrollment
   */
  Enrollment enroll(
      HttpServletRequest request, String accountId, String accountName, @Nullable String proof) {
    return scoped(request)
        .enroll(accountId, accountName, proof == null ? null : Proof.token(proof));
  }

  Verification confirm(HttpServletRequest request, String accountId, String code) {
    return scoped(request).confirm(accountId, code);
  }

  RecoveryCodes generateRecoveryCodes(
      HttpServletRequest request, String accountId, @Nullable String proof) {
    return scoped(request).generateRecoveryCodes(accountId, Proof.token(proofOrNone(proof)));
  }

  /** The user's own removal of their second factor, after a recent verification. */
  boolean disable(HttpServletRequest request, String accountId, @Nullable String proof) {
    return scoped(request).disable(accountId, Proof.token(proofOrNone(proof)));
  }

  /** An administrator's reset: secret, recovery codes and throttle state are removed. */
  boolean reset(String accountId, String administrator) {
    return twoFactor.reset(accountId, administrator);
  }

  /** An administrator's unlock: the throttle state goes, the credential stays. */
  boolean unlock(String accountId, String administrator) {
    return twoFactor.unlock(accountId, administrator);
  }

  /**
   * Trusts the browser of the request, with the proof of the sign-in that just happened.
   *
   * @param proof the proof of the accepted verification
   * @param label what the user will recognise the browser by, for example {@code "Firefox on
   *     Linux"}
   * @return the first token, for the browser's cookie
   */
  DeviceToken trustDevice(
      HttpServletRequest request, String accountId, String proof, String label) {
    return scoped(request).trustDevice(accountId, Proof.token(proof), label);
  }

  /** Signs in with a trusted browser's token, which the answer replaces. */
  DeviceVerification verifyDevice(HttpServletRequest request, String accountId, String token) {
    return scoped(request).verifyDevice(accountId, token);
  }

  /** Ends the trust of one browser of the account. */
  boolean revokeDevice(HttpServletRequest request, String accountId, String deviceId) {
    return scoped(request).revokeDevice(accountId, deviceId);
  }

  /** Ends the trust of every browser of the account. */
  boolean revokeDevices(HttpServletRequest request, String accountId) {
    return scoped(request).revokeDevices(accountId);
  }

  /** A missing proof is an empty token, which the service refuses like any wrong one. */
  private static String proofOrNone(@Nullable String proof) {
    return proof == null ? "" : proof;
  }

  CredentialStatus status(String accountId) {
    return twoFactor.status(accountId);
  }

  /**
   * Returns the proof that an accepted verification gives, to keep in the session for the next
   * replacement or removal.
   *
   * @return the opaque proof
   */
  static @Nullable String proof(Verification accepted) {
    return accepted.proof();
  }
}
