/**
 * One-time passwords for authenticator apps.
 *
 * <p>The primitives are immutable and thread-safe: a {@link dev.twofactor.Secret} is the shared
 * key, {@link dev.twofactor.Totp} (RFC 6238) and {@link dev.twofactor.Hotp} (RFC 4226) generate and
 * verify codes, and a {@link dev.twofactor.Verification} says whether a code was accepted and, if
 * not, why. An {@link dev.twofactor.OtpAuthUri} is the {@code otpauth://} text of the QR code an
 * authenticator app scans: written conservatively, read leniently with warnings; {@link
 * dev.twofactor.AppCompatibility} says which apps are known to mishandle its settings.
 *
 * <pre>{@code
 * Secret secret = Secret.generate();
 * Totp totp = Totp.defaults();
 * Verification v = totp.verify(secret, codeTypedByUser, Instant.now(), lastUsedStep);
 * if (v.isAccepted()) {
 *   lastUsedStep = v.step(); // store it: the same code must never be accepted twice
 * }
 * }</pre>
 *
 * <pre>{@code
 * OtpAuthUri uri = OtpAuthUri.totp(secret).issuer("ACME Co").account("alice@example.com").build();
 * String qrText = uri.toUriString(); // contains the secret: show it to its user only
 * OtpAuthUri read = OtpAuthUri.parse(qrText); // throws InvalidOtpAuthUriException
 * }</pre>
 *
 * <p>The service, {@link dev.twofactor.TwoFactor}, makes each step of a host application's flow one
 * call (enroll, confirm, verify, recovery codes, reset, status) and holds every rule (replay guard,
 * throttle, drift, expiry) over a {@link dev.twofactor.CredentialRepository}, which only stores a
 * versioned {@link dev.twofactor.CredentialRecord} and replaces it atomically; secrets reach it
 * sealed by a {@link dev.twofactor.SecretSealer}.
 *
 * <pre>{@code
 * TwoFactor tf = TwoFactor.builder().issuer("ACME Help Desk").build();
 * Enrollment e = tf.enroll("agent-42", "alice@example.com"); // e.uri() for the QR code
 * Verification confirmed = tf.confirm("agent-42", firstCodeFromTheApp(e.uri().toUriString()));
 * Verification v = tf.verify("agent-42", codeFromTheLoginForm());
 * }</pre>
 *
 * <p>Nothing in this package is {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.twofactor;

import org.jspecify.annotations.NullMarked;
