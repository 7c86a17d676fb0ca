/**
 * Test support for applications that use authenticator-app two-factor login.
 *
 * <ul>
 *   <li>{@link dev.twofactor.testkit.FakeClock}: a {@link java.time.Clock} that moves only when
 *       told, so a test never sleeps.
 *   <li>{@link dev.twofactor.testkit.RfcVectors}: the test vectors of RFC 4226 and RFC 6238 and
 *       other verified values, including wrong values that a correct implementation must not
 *       produce.
 *   <li>{@link dev.twofactor.testkit.SoftwareAuthenticator}: an authenticator app in software that
 *       scans an otpauth:// URI and shows its codes, with its own reading of the URI and its own
 *       HOTP and TOTP; it can also imitate an app that ignores the URI's algorithm, digits and
 *       period.
 * </ul>
 *
 * <p>Nothing here depends on the twofactor library itself: it is a second, independent
 * implementation to test the library and its users against.
 */
@NullMarked
package dev.twofactor.testkit;

import org.jspecify.annotations.NullMarked;
