package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.testkit.SoftwareAuthenticator;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties of {@link OtpAuthUri}: round trip, writer output, and no secret in any message. */
final class OtpAuthUriPropertyTest {
  /**
   * Pieces of generated names: spaces, the characters that break naive writers and readers, letters
   * of other scripts and case rules, combining marks, emoji (surrogate pairs, a ZWJ sequence) and
   * text that looks like an escape. Never a colon, which names may not contain.
   */
  private static final List<String> PIECES =
      List.of(
          " ",
          " ",
          "@",
          "&",
          "=",
          "%",
          "#",
          "?",
          "+",
          "/",
          ";",
          ",",
          "'",
          "\"",
          "<",
          ">",
          "\\",
          "[",
          "]",
          "{",
          "}",
          "|",
          "^",
          "`",
          "!",
          "$",
          "(",
          ")",
          "*",
          "-",
          ".",
          "_",
          "~",
          "a",
          "Z",
          "alice",
          "ACME",
          "Co",
          "0",
          "9",
          "é",
          "ß",
          "Ğ",
          "ı",
          "İ",
          "ſ",
          "K",
          "Ж",
          "日本",
          "عربي",
          "١٢٣",
          "e\u0301",
          "\u00a0",
          "\u200d",
          "😀",
          "👩‍💻",
          "🇫🇷",
          "%20",
          "%3A",
          "%25",
          "+%2B",
          "%zz",
          "\ufeff",
          "\ud834\udd1e");

  private static final List<String> TRICKY_PARAMETER_NAMES =
      List.of("image", "color", "x-y", "Image", "lock", "caf\u00e9", "a b", "a=b", "a&b", "+");

  /** Names of 1 to 120 pieces, trimmed for the builder. */
  static String name(SplittableRandom random) {
    StringBuilder joined = new StringBuilder();
    for (int n = Seeded.between(random, 1, 120); n > 0; n--) {
      joined.append(Seeded.oneOf(random, PIECES));
    }
    return trimForBuilder(joined.toString());
  }

  /** The builder refuses whitespace at either end; the property is about everything inside. */
  private static String trimForBuilder(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isBlank(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isBlank(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return start == end ? "x" : s.substring(start, end);
  }

  private static boolean isBlank(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  static Secret secret(SplittableRandom random) {
    return Secret.fromBytes(Seeded.bytes(random, Secret.MIN_IMPORTED_BYTES, 64));
  }

  /** Up to 3 parameters the library does not know, with tricky names and empty values. */
  static Map<String, String> extraParameters(SplittableRandom random) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int n = Seeded.between(random, 0, 3); n > 0; n--) {
      String name;
      do {
        name = random.nextBoolean() ? Seeded.oneOf(random, TRICKY_PARAMETER_NAMES) : name(random);
      } while (OtpAuthUri.KNOWN_PARAMETERS.contains(Ascii.toLowerCase(name)));
      map.put(name, random.nextBoolean() ? "" : name(random));
    }
    return map;
  }

  /**
   * URIs of every type, algorithm and digit count, with generated names, any counter (often 0, 1,
   * 2^32 or the largest), periods from 1 s to a day (often 1, 29, 30, 60 or 86 400 s), and extra
   * parameters; drawn again when the builder refuses the URI (longer than {@link
   * OtpAuthUri#MAX_LENGTH}, or more extra parameters than it takes).
   */
  static OtpAuthUri uri(SplittableRandom random) {
    while (true) {
      try {
        return drawUri(random);
      } catch (IllegalArgumentException refused) {
        // draw again, as the builder documents
      }
    }
  }

  private static OtpAuthUri drawUri(SplittableRandom random) {
    Secret secret = secret(random);
    String issuer = name(random);
    String account = name(random);
    Algorithm algorithm = Seeded.oneOf(random, List.of(Algorithm.values()));
    int digits = Seeded.between(random, 6, 10);
    long period =
        random.nextBoolean()
            ? Seeded.between(random, 1L, 86_400L)
            : Seeded.oneOf(random, List.of(1L, 29L, 30L, 60L, 86_400L));
    long count =
        switch (random.nextInt(3)) {
          case 0 -> -1L; // a totp URI
          case 1 -> Seeded.between(random, 0L, Long.MAX_VALUE);
          default -> Seeded.oneOf(random, List.of(0L, 1L, 4_294_967_296L, Long.MAX_VALUE));
        };
    Map<String, String> extras = extraParameters(random);
    OtpAuthUri.Builder builder =
        count < 0 ? OtpAuthUri.totp(secret) : OtpAuthUri.hotp(secret, count);
    builder.issuer(issuer).account(account).algorithm(algorithm).digits(digits);
    if (count < 0) {
      builder.period(Duration.ofSeconds(period));
    }
    extras.forEach(builder::parameter);
    return builder.build();
  }

  static Stream<Arguments> uris500() {
    return Seeded.cases(500, random -> Arguments.of(uri(random)));
  }

  static Stream<Arguments> uris300() {
    return Seeded.cases(300, random -> Arguments.of(uri(random)));
  }

  static Stream<Arguments> urisAndTimes() {
    return Seeded.cases(
        300, random -> Arguments.of(uri(random), Seeded.between(random, 0L, 4_000_000_000L)));
  }

  @Seeded.Property
  @MethodSource("uris500")
  void parse_readsBackExactlyWhatWasBuilt(OtpAuthUri uri) {
    OtpAuthUri read = OtpAuthUri.parse(uri.toUriString());
    assertEquals(uri, read);
    assertEquals(uri.hashCode(), read.hashCode());
    assertEquals(uri.toUriString(), read.toUriString());
    assertEquals(
        List.copyOf(uri.extraParameters().keySet()), List.copyOf(read.extraParameters().keySet()));
    // Only what the builder allows on purpose is irregular: a weak secret, 7, 9 or 10 digits.
    List<String> expected = new ArrayList<>();
    if (uri.secret().isWeak()) {
      expected.add(
          "secret: "
              + uri.secret().byteLength() * 8
              + " bits, under the 128 bits that RFC 4226"
              + " requires; FreeOTP refuses such a secret");
    }
    if (uri.digits() != 6 && uri.digits() != 8) {
      String text = uri.toUriString();
      expected.add(
          "digits: "
              + uri.digits()
              + " at index "
              + (text.indexOf("&digits=") + 8)
              + " is neither 6 nor 8, the values the Key Uri Format names");
    }
    assertEquals(expected, read.warnings().stream().map(OtpAuthUri.Warning::message).toList());
  }

  /**
   * testkit's SoftwareAuthenticator, a second implementation of the URI format and of HOTP/TOTP,
   * reads what the library writes as the library means it and shows the same codes.
   */
  @Seeded.Property
  @MethodSource("urisAndTimes")
  void toUriString_isReadBySoftwareAuthenticatorWithTheSameCodes(OtpAuthUri uri, long time) {
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(uri.toUriString());
    assertEquals(uri.account(), phone.account());
    assertEquals(uri.issuer(), phone.issuer());
    assertEquals(uri.algorithm().uriName(), phone.algorithm());
    assertEquals(uri.digits(), phone.digits());
    if (uri.type() == OtpAuthUri.Type.TOTP) {
      assertEquals(uri.period(), phone.period());
      Instant at = Instant.ofEpochSecond(time);
      assertEquals(uri.toTotp().generate(uri.secret(), at), phone.codeAt(at));
    } else {
      assertEquals(uri.counter(), phone.counter());
      assertEquals(uri.toHotp().generate(uri.secret(), uri.counter()), phone.nextCode());
    }
  }

  /** The JDK's own RFC 3986 parser and form decoder, as an independent reader of the output. */
  @Seeded.Property
  @MethodSource("uris300")
  void toUriString_isAnRfc3986UriThatTheJdkDecodesToTheSameNames(OtpAuthUri uri)
      throws URISyntaxException {
    String text = uri.toUriString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      assertTrue(PercentEncoding.isUnreserved(c) || "%:/?&=".indexOf(c) >= 0, "raw character " + c);
      if (c == '%') {
        assertTrue(text.substring(i + 1, i + 3).matches("[0-9A-F]{2}"), "upper-case escape");
      }
    }
    URI parsed = new URI(text);
    assertEquals("otpauth", parsed.getScheme());
    assertEquals(uri.type().uriName(), parsed.getRawAuthority());
    String label = parsed.getRawPath().substring(1);
    int colon = label.indexOf(':');
    assertEquals(uri.issuer().orElseThrow(), decode(label.substring(0, colon)));
    assertEquals(uri.account(), decode(label.substring(colon + 1)));
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : parsed.getRawQuery().split("&", -1)) {
      int equals = pair.indexOf('=');
      query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
    }
    assertEquals(uri.secret().toBase32(), query.remove("secret"));
    assertEquals(uri.issuer().orElseThrow(), query.remove("issuer"));
    assertEquals(
        uri.algorithm() == Algorithm.SHA1 ? null : uri.algorithm().uriName(),
        query.remove("algorithm"));
    assertEquals(uri.digits() == 6 ? null : Integer.toString(uri.digits()), query.remove("digits"));
    if (uri.type() == OtpAuthUri.Type.TOTP) {
      long period = uri.period().toSeconds();
      assertEquals(period == 30 ? null : Long.toString(period), query.remove("period"));
    } else {
      assertEquals(Long.toString(uri.counter()), query.remove("counter"));
    }
    assertEquals(uri.extraParameters(), query);
  }

  /** Form decoding equals RFC 3986 decoding here, because the writer never leaves a raw '+'. */
  private static String decode(String raw) {
    assertFalse(raw.contains("+"));
    return URLDecoder.decode(raw, StandardCharsets.UTF_8);
  }

  @Seeded.Property
  @MethodSource("uris300")
  void toString_andWarningsNeverContainTheSecret(OtpAuthUri uri) {
    String key = uri.secret().toBase32();
    OtpAuthUri read = OtpAuthUri.parse(uri.toUriString());
    assertFalse(uri.toString().contains(key));
    assertFalse(read.toString().contains(key));
    for (String warning : read.warnings().stream().map(OtpAuthUri.Warning::message).toList()) {
      assertFalse(warning.contains(key));
    }
  }

  private static final List<String> DAMAGE =
      List.of(
          "",
          "%",
          "%4",
          "%C3",
          "%0A",
          "\n",
          "\ud800",
          "&",
          "=",
          "#",
          "?",
          ":",
          "%3A",
          "+",
          "1",
          "8",
          "-",
          "&secret=",
          "&digits=",
          "&counter=-",
          "&issuer=a%3Ab",
          "é",
          "0");

  static Stream<Arguments> damagedUris() {
    return Seeded.cases(
        1000,
        random ->
            Arguments.of(
                uri(random),
                Seeded.oneOf(random, DAMAGE),
                Seeded.between(random, 0, 100_000),
                random.nextBoolean(),
                random.nextBoolean()));
  }

  /**
   * Damages a URI written by the library (a character deleted or inserted, or the text cut) and
   * reads it: the parser either accepts it, with no secret in its description or warnings, or
   * refuses it with an index inside the text and a message that contains no piece of the secret. It
   * never throws anything else.
   */
  @Seeded.Property
  @MethodSource("damagedUris")
  void parse_ofDamagedUris_neverEchoesTheSecretAndPointsIntoTheText(
      OtpAuthUri uri, String inserted, int where, boolean delete, boolean cut) {
    String original = uri.toUriString();
    String key = uri.secret().toBase32();
    int at = where % (original.length() + 1);
    String text;
    if (cut) {
      text = original.substring(0, at);
    } else if (delete && at < original.length()) {
      text = original.substring(0, at) + inserted + original.substring(at + 1);
    } else {
      text = original.substring(0, at) + inserted + original.substring(at);
    }
    try {
      OtpAuthUri read = OtpAuthUri.parse(text);
      String readKey = read.secret().toBase32();
      assertFalse(read.toString().contains(readKey));
      for (String warning : read.warnings().stream().map(OtpAuthUri.Warning::message).toList()) {
        assertFalse(warning.contains(readKey), warning);
      }
    } catch (InvalidOtpAuthUriException e) {
      assertTrue(e.index() >= 0 && e.index() <= text.length(), "index " + e.index());
      String message = String.valueOf(e.getMessage());
      for (int i = 0; i + 8 <= key.length(); i++) {
        assertFalse(message.contains(key.substring(i, i + 8)), message);
      }
    }
  }

  /** Arbitrary text after the scheme, of any characters: accepted or refused, nothing else. */
  @Seeded.Property
  @MethodSource("prefixedText")
  void parse_ofArbitraryText_acceptsOrRefusesWithAnIndexInTheText(String prefix, String rest) {
    String text = prefix + rest;
    try {
      OtpAuthUri.parse(text);
    } catch (InvalidOtpAuthUriException e) {
      assertTrue(e.index() >= 0 && e.index() <= text.length(), "index " + e.index());
    }
  }

  private static final List<String> PREFIXES =
      List.of(
          "",
          "otpauth://",
          "otpauth://totp/",
          "otpauth://hotp/A:b?counter=1&",
          "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP",
          "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&");

  /** A prefix, then up to 255 characters of any kind (the empty text among the edge cases). */
  static Stream<Arguments> prefixedText() {
    List<Arguments> edges = new ArrayList<>();
    PREFIXES.forEach(prefix -> edges.add(Arguments.of(prefix, "")));
    return Seeded.cases(
        edges,
        1000,
        random -> Arguments.of(Seeded.oneOf(random, PREFIXES), Seeded.text(random, 0, 255)));
  }
}
