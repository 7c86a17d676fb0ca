package dev.twofactor.qr;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

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
  static String otpauth(SplittableRandom random) {
    String t = Seeded.oneOf(random, List.of("totp", "hotp"));
    String issuer = name(random);
    String account = name(random);
    StringBuilder s = new StringBuilder();
    for (int n = Seeded.between(random, 16, 103); n > 0; n--) {
      s.append(BASE32.charAt(random.nextInt(BASE32.length())));
    }
    String alg = Seeded.oneOf(random, List.of("", "SHA1", "SHA256", "SHA512"));
    int d = Seeded.oneOf(random, List.of(6, 8));
    long n = Seeded.between(random, 0L, Long.MAX_VALUE);
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
  }

  /**
   * Issuer or account names: up to 60 pieces, 8 in 10 a printable ASCII character (never a colon),
   * the others Latin letters or text of other scripts.
   */
  private static String name(SplittableRandom random) {
    StringBuilder name = new StringBuilder();
    for (int n = Seeded.between(random, 0, 60); n > 0; n--) {
      int kind = random.nextInt(10);
      if (kind < 8) {
        char c;
        do {
          c = (char) Seeded.between(random, ' ', '~');
        } while (c == ':');
        name.append(c);
      } else if (kind == 8) {
        name.append(Seeded.oneOf(random, LATIN));
      } else {
        name.append(Seeded.oneOf(random, OTHER));
      }
    }
    return name.toString();
  }

  private static final List<String> LATIN = List.of("é", "ß", "Ø", "İ", "ı", "ñ", "Ž");

  private static final List<String> OTHER =
      List.of("東京", "株式会社", "شركة", "١٢٣", "Ελλάδα", "🎉", "😀", "𝄞");

  /**
   * Names that {@code OtpAuthUri}'s builder accepts: not empty, no colon, no control characters, no
   * whitespace at either end; the same scripts as above.
   */
  static String names(SplittableRandom random) {
    while (true) {
      String name = name(random).strip();
      if (!name.isEmpty()) {
        return name;
      }
    }
  }

  /**
   * Any well-formed Unicode text of 1 to 200 code points, controls and astral planes included: 4 in
   * 9 code points ASCII, 2 in 9 up to U+07FF, 2 in 9 up to U+FFFF, 1 in 9 beyond.
   */
  static String unicodeText(SplittableRandom random) {
    StringBuilder text = new StringBuilder();
    for (int n = Seeded.between(random, 1, 200); n > 0; ) {
      int kind = random.nextInt(9);
      int c =
          kind < 4
              ? Seeded.between(random, 0, 0x7f)
              : kind < 6
                  ? Seeded.between(random, 0x80, 0x7ff)
                  : kind < 8
                      ? Seeded.between(random, 0x800, 0xffff)
                      : Seeded.between(random, 0x10000, 0x10ffff);
      if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
        text.appendCodePoint(c);
        n--;
      }
    }
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
