/**
 * Test support for applications that use authenticator-app two-factor login.
 *
 * <ul>
 *   <li>{@link dev.twofactor.testkit.FakeClock}: a {@link java.time.Clock} that moves only when
 *       told, so a test never sleeps.
 *   <li>{@link dev.twofactor.testkit.RfcVectors}: the test vectors of RFC 4226 and RFC 6238 and
 *       other verified values, including wrong values that a correct implementation must not
 *       produce.
 * </ul>
 *
 * <p>Nothing here depends on the twofactor library itself: it is a second, independent
 * implementation to test the library and its users against.
 */
@NullMarked
package dev.twofactor.testkit;

import org.jspecify.annotations.NullMarked;
