package dev.twofactor.testkit;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An authenticator app in software: it scans an otpauth:// URI and shows codes, so that a server
 * and its login flow can be tested as a user's phone would test them.
 *
 * <pre>{@code
 * SoftwareAuthenticator phone = SoftwareAuthenticator.scan(
 *     "otpauth://totp/ACME%20Co:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co");
 * FakeClock clock = FakeClock.at(Instant.parse("2009-02-13T23:31:30Z"));
 * String code = phone.code(clock);  // "742275"
 * }</pre>
 *
 * <p>It is a second, independent implementation: it reads the URI with its own minimal reader and
 * computes RFC 4226 HOTP and RFC 6238 TOTP codes with {@link Mac} directly, using nothing but the
 * JDK, so a library tested against it is not tested against itself. It aims at being obviously
 * correct, not fast: every code creates a new {@code Mac}.
 *
 * <h2>How a URI is read</h2>
 *
 * <ul>
 *   <li>{@code otpauth://TYPE/LABEL?PARAMETERS}: the scheme and the type ({@code totp} or {@code
 *       hotp}) in any case. Anything after a {@code #} is ignored.
 *   <li>The label is percent-decoded as UTF-8 (by this class, on the raw text), then split at its
 *       first colon, written {@code :} or {@code %3A}, into an issuer prefix and the account;
 *       spaces after the colon are dropped. A label without a colon is the account alone.
 *   <li>Parameters are split at {@code &} and at their first {@code =}; names are matched exactly
 *       ({@code secret}, not {@code SECRET}), and parameters this class does not read, such as
 *       FreeOTP's {@code image}, are ignored.
 *   <li>{@code secret}: Base32 in any case; {@code =} padding (raw or {@code %3D}) optional; spaces
 *       and hyphens ignored. Keys of any length from one byte are accepted: this reader does not
 *       judge key strength, though some apps do (FreeOTP refuses keys under 128 bits).
 *   <li>{@code issuer}: when present and not empty it is the issuer, even when the label's prefix
 *       says otherwise (a major issuer writes {@code CompanyName:user} with {@code
 *       issuer=Microsoft}); otherwise the prefix is.
 *   <li>{@code algorithm}: {@code SHA1}, {@code SHA256} or {@code SHA512} in any case; {@code
 *       digits}: 6 to 10; {@code period}: whole seconds from 1; {@code counter}: required for hotp,
 *       0 and up. Numbers are plain ASCII digits. Defaults: SHA1, 6 digits, 30 seconds.
 *   <li><b>{@code +} is a plus sign</b>, in the label and in parameter values alike. RFC 3986 gives
 *       it no other meaning, and Google Authenticator and LastPass show it literally, so {@code
 *       otpauth://totp/ACME+Co:alice?…&issuer=ACME+Co} is read with the issuer {@code "ACME+Co"}. A
 *       writer that encodes spaces as {@code +} (as {@code java.net.URLEncoder} does) is caught by
 *       a test that scans its URIs here, which is the point.
 * </ul>
 *
 * <p>It refuses, with an {@link IllegalArgumentException}, what real apps refuse: a scheme other
 * than otpauth, an unknown type, a missing label or an empty account, a missing, empty or invalid
 * Base32 secret, a hotp URI without a counter. It also refuses what it cannot read without
 * guessing: a parameter it reads given twice, a value it cannot use ({@code algorithm=SHA-1},
 * {@code digits=5}, {@code period=0}), a broken percent escape or one that is not UTF-8. Messages
 * name the part and the position, such as {@code "secret: invalid Base32 character '1' at index 7"}
 * (an index into the decoded secret) or {@code "label: broken percent escape at index 16"} (an
 * index into the URI text); they never contain the secret.
 *
 * <p>{@link #scanIgnoringAlgorithmDigitsAndPeriod} imitates apps that always use SHA1, 6 digits and
 * 30 seconds, whatever the URI says.
 *
 * <p>Thread-safe. A TOTP authenticator is immutable; a HOTP authenticator's only state is its
 * counter, which {@link #nextCode()} advances atomically.
 *
 * <p><b>Security note:</b> this is test support. It keeps the key in memory as plain bytes and
 * makes no attempt at constant-time code; {@link #toString()} and its exception messages never show
 * the key, so that test reports do not leak it either.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4226#section-5">RFC 4226 §5 (HOTP)</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6238#section-4">RFC 6238 §4 (TOTP)</a>
 */
public final class SoftwareAuthenticator {
  static final String DEFAULT_ALGORITHM = "SHA1";
  static final int DEFAULT_DIGITS = 6;
  static final long DEFAULT_PERIOD_SECONDS = 30;
  static final int MIN_DIGITS = 6;
  static final int MAX_DIGITS = 10;

  private final String type;
  private final String issuer;
  private final String account;
  private final String algorithm;
  private final byte[] key;
  private final int digits;
  private final long periodSeconds;

  /** The counter {@link #nextCode()} uses next; guarded by {@code this}. */
  private long counter;

  /** Whether {@link #nextCode()} has used {@link Long#MAX_VALUE}; guarded by {@code this}. */
  private boolean exhausted;

  SoftwareAuthenticator(
      String type,
      String issuer,
      String account,
      String algorithm,
      byte[] key,
      int digits,
      long periodSeconds,
      long counter) {
    this.type = type;
    this.issuer = issuer;
    this.account = account;
    this.algorithm = algorithm;
    this.key = key;
    this.digits = digits;
    this.periodSeconds = periodSeconds;
    this.counter = counter;
  }

  /**
   * Reads an otpauth:// URI as an app that honours every setting in it does (Aegis, FreeOTP).
   *
   * @param uri the URI text, as a QR code carries it
   * @return an authenticator showing the codes of that URI
   * @throws IllegalArgumentException if an app would refuse the URI; see the class Javadoc
   */
  public static SoftwareAuthenticator scan(String uri) {
    return KeyUriReader.read(uri, true);
  }

  /**
   * Reads an otpauth:// URI as an app that ignores its {@code algorithm}, {@code digits} and {@code
   * period}, and always uses SHA1, 6 digits and 30 seconds.
   *
   * <p>Google Authenticator did so for years and Microsoft Authenticator still does: such an app
   * accepts a SHA256 or 8-digit URI and silently shows wrong codes. Use this to show that a service
   * catches it, for example by demanding one correct code before it activates a credential. The
   * ignored parameters are not even checked, and the accessors report what the app uses (SHA1, 6,
   * 30 seconds), not what the URI asked for. Everything else is read as by {@link #scan}.
   *
   * @param uri the URI text, as a QR code carries it
   * @return an authenticator showing SHA1, 6-digit, 30-second codes of the URI's secret
   * @throws IllegalArgumentException if such an app would refuse the URI; see the class Javadoc
   */
  public static SoftwareAuthenticator scanIgnoringAlgorithmDigitsAndPeriod(String uri) {
    return KeyUriReader.read(uri, false);
  }

  /**
   * Returns the TOTP code shown at an instant (RFC 6238 §4: step = seconds since the Unix epoch
   * divided by the period, rounded down).
   *
   * @param instant the time, not before the Unix epoch
   * @return the code: exactly {@link #digits()} ASCII digits, zero-padded
   * @throws IllegalStateException if this is a hotp authenticator
   * @throws IllegalArgumentException if {@code instant} is before 1970-01-01T00:00:00Z
   */
  public String codeAt(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    if (!isTotp()) {
      throw new IllegalStateException(
          "a hotp authenticator has no time-based code; use nextCode()");
    }
    if (instant.getEpochSecond() < 0) {
      throw new IllegalArgumentException("instant must not be before the Unix epoch: " + instant);
    }
    return hotp(instant.getEpochSecond() / periodSeconds);
  }

  /**
   * Returns the TOTP code shown now by the given clock; {@code code(clock)} is {@code
   * codeAt(clock.instant())}.
   *
   * @param clock the clock, typically a {@link FakeClock}
   * @return the code: exactly {@link #digits()} ASCII digits, zero-padded
   * @throws IllegalStateException if this is a hotp authenticator
   * @throws IllegalArgumentException if the clock is before 1970-01-01T00:00:00Z
   */
  public String code(Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return codeAt(clock.instant());
  }

  /**
   * Returns the HOTP code of the current counter and advances the counter by one, as pressing the
   * button of a HOTP token does.
   *
   * <p>Thread-safe: concurrent calls each use a different counter, and no counter is skipped.
   *
   * @return the code: exactly {@link #digits()} ASCII digits, zero-padded
   * @throws IllegalStateException if this is a totp authenticator, or the counter has passed {@link
   *     Long#MAX_VALUE}
   */
  public synchronized String nextCode() {
    requireHotp();
    if (exhausted) {
      throw new IllegalStateException("counter is exhausted: " + Long.MAX_VALUE + " was used");
    }
    String code = hotp(counter);
    if (counter == Long.MAX_VALUE) {
      exhausted = true;
    } else {
      counter++;
    }
    return code;
  }

  /**
   * Returns the HOTP code of any counter, without changing the counter {@link #nextCode()} uses.
   *
   * @param counter the counter, 0 or more
   * @return the code: exactly {@link #digits()} ASCII digits, zero-padded
   * @throws IllegalStateException if this is a totp authenticator
   * @throws IllegalArgumentException if {@code counter} is negative
   */
  public String codeAtCounter(long counter) {
    requireHotp();
    if (counter < 0) {
      throw new IllegalArgumentException("counter must not be negative: " + counter);
    }
    return hotp(counter);
  }

  /**
   * Returns the type the URI named.
   *
   * @return {@code "totp"} or {@code "hotp"}, in lower case whatever the URI's case
   */
  public String type() {
    return type;
  }

  /**
   * Returns the issuer: the {@code issuer} parameter, or else the label's prefix.
   *
   * @return the issuer, or empty if the URI names none
   */
  public Optional<String> issuer() {
    return issuer.isEmpty() ? Optional.empty() : Optional.of(issuer);
  }

  /**
   * Returns the account: the label after the issuer prefix and the spaces that follow it.
   *
   * @return the account, never empty
   */
  public String account() {
    return account;
  }

  /**
   * Returns the name of the HMAC algorithm in use.
   *
   * @return {@code "SHA1"}, {@code "SHA256"} or {@code "SHA512"}
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * Returns the number of digits of a code.
   *
   * @return 6 to 10
   */
  public int digits() {
    return digits;
  }

  /**
   * Returns the time step of a TOTP authenticator.
   *
   * @return the period, a whole number of seconds, at least one
   * @throws IllegalStateException if this is a hotp authenticator
   */
  public Duration period() {
    if (!isTotp()) {
      throw new IllegalStateException("a hotp authenticator has no period");
    }
    return Duration.ofSeconds(periodSeconds);
  }

  /**
   * Returns the counter that the next call of {@link #nextCode()} uses; at first, the URI's {@code
   * counter}.
   *
   * @return the counter
   * @throws IllegalStateException if this is a totp authenticator, or the counter is exhausted
   */
  public synchronized long counter() {
    requireHotp();
    if (exhausted) {
      throw new IllegalStateException("counter is exhausted: " + Long.MAX_VALUE + " was used");
    }
    return counter;
  }

  /**
   * Describes what was read, without the secret, for example {@code SoftwareAuthenticator[totp,
   * issuer="ACME Co", account="alice@example.com", SHA1, 6 digits, 30 s, 80-bit secret]}.
   *
   * @return a description that never contains the secret
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("SoftwareAuthenticator[").append(type);
    if (!issuer.isEmpty()) {
      s.append(", issuer=\"").append(issuer).append('"');
    }
    s.append(", account=\"").append(account).append("\", ").append(algorithm);
    s.append(", ").append(digits).append(" digits, ");
    if (isTotp()) {
      s.append(periodSeconds).append(" s");
    } else {
      synchronized (this) {
        s.append(exhausted ? "counter exhausted" : "counter " + counter);
      }
    }
    return s.append(", ").append(key.length * 8).append("-bit secret]").toString();
  }

  private boolean isTotp() {
    return type.equals("totp");
  }

  private void requireHotp() {
    if (isTotp()) {
      throw new IllegalStateException(
          "a totp authenticator has no counter; use codeAt(Instant) or code(Clock)");
    }
  }

  /** RFC 4226 §5.3: HMAC of the 8-byte big-endian counter, dynamic truncation, modulus. */
  private String hotp(long movingFactor) {
    String macAlgorithm = "Hmac" + algorithm;
    byte[] hmac;
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(key, macAlgorithm));
      hmac = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(movingFactor).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(macAlgorithm + " is not available in this JDK", e);
    }
    // RFC 4226 §5.4 reads the offset from hmac_result[19] only because SHA-1 has 20 bytes; for
    // every algorithm it is the low nibble of the last byte (RFC 6238 Appendix A).
    int offset = hmac[hmac.length - 1] & 0x0f;
    long binary =
        (hmac[offset] & 0x7fL) << 24
            | (hmac[offset + 1] & 0xffL) << 16
            | (hmac[offset + 2] & 0xffL) << 8
            | (hmac[offset + 3] & 0xffL);
    long modulus = 1;
    for (int i = 0; i < digits; i++) {
      modulus *= 10;
    }
    // Long.toString, not String.format: no default locale turns these into other digits.
    String code = Long.toString(binary % modulus);
    return "0".repeat(digits - code.length()) + code;
  }
}
