package dev.twofactor.qr;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Generators of otpauth-like URIs and of arbitrary Unicode text for round-trip properties. */
final class Uris {
  static final String TYPICAL =
      "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
          + "&issuer=ACME%20Co";

  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Uris() {}

  /**
   * otpauth URIs as the library writes them: RFC 3986 percent-encoding of UTF-8 (so ASCII only),
   * issuers and accounts up to 60 characters of ASCII, Latin, CJK, Arabic and emoji, secrets of 16
   * to 103 Base32 characters, every algorithm, 6 or 8 digits, TOTP periods and HOTP counters.
   */
  static Arbitrary<String> otpauth() {
    Arbitrary<String> type = Arbitraries.of("totp", "hotp");
    Arbitrary<String> secret =
        Arbitraries.strings().withChars(BASE32).ofMinLength(16).ofMaxLength(103);
    Arbitrary<String> algorithm = Arbitraries.of("", "SHA1", "SHA256", "SHA512");
    Arbitrary<Integer> digits = Arbitraries.of(6, 8);
    Arbitrary<Long> number = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Combinators.combine(type, name(), name(), secret, algorithm, digits, number)
        .as(
            (t, issuer, account, s, alg, d, n) -> {
              StringBuilder uri = new StringBuilder("otpauth://").append(t).append('/');
              if (!issuer.isEmpty()) {
                uri.append(encode(issuer)).append(':');
              }
              uri.append(encode(account.isEmpty() ? "alice@example.com" : account));
              uri.append("?secret=").append(s);
              if (!issuer.isEmpty()) {
                uri.append("&issuer=").append(encode(issuer));
              }
              if (!alg.isEmpty()) {
                uri.append("&algorithm=").append(alg);
              }
              if (d != 6) {
                uri.append("&digits=").append(d);
              }
              if (t.equals("hotp")) {
                uri.append("&counter=").append(n);
              } else if (n % 3 == 0) {
                uri.append("&period=").append(30 + n % 90);
              }
              return uri.toString();
            });
  }

  /** Issuer or account names: up to 60 characters from several scripts, colons left out. */
  private static Arbitrary<String> name() {
    Arbitrary<String> ascii =
        Arbitraries.strings().withCharRange(' ', '~').ofLength(1).filter(c -> !c.equals(":"));
    Arbitrary<String> latin = Arbitraries.of("é", "ß", "Ø", "İ", "ı", "ñ", "Ž");
    Arbitrary<String> other =
        Arbitraries.of("東京", "株式会社", "شركة", "١٢٣", "Ελλάδα", "🎉", "😀", "𝄞");
    return Arbitraries.frequencyOf(Tuple.of(8, ascii), Tuple.of(1, latin), Tuple.of(1, other))
        .list()
        .ofMaxSize(60)
        .map(parts -> String.join("", parts));
  }

  /**
   * Names that {@code OtpAuthUri}'s builder accepts: not empty, no colon, no control characters, no
   * whitespace at either end; the same scripts as above.
   */
  static Arbitrary<String> names() {
    return name().map(String::strip).filter(n -> !n.isEmpty());
  }

  /** Any well-formed Unicode text of 1 to 200 code points, controls and astral planes included. */
  static Arbitrary<String> unicodeText() {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(0, 0x7f)),
            Tuple.of(2, Arbitraries.integers().between(0x80, 0x7ff)),
            Tuple.of(2, Arbitraries.integers().between(0x800, 0xffff)),
            Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
    return codePoint
        .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)
        .list()
        .ofMinSize(1)
        .ofMaxSize(200)
        .map(Uris::fromCodePoints);
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder text = new StringBuilder();
    codePoints.forEach(text::appendCodePoint);
    return text.toString();
  }

  /** RFC 3986 percent-encoding of UTF-8: everything but unreserved characters, upper-case hex. */
  static String encode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append(String.format(Locale.ROOT, "%%%02X", c));
      }
    }
    return out.toString();
  }
}
