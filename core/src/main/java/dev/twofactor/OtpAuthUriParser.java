package dev.twofactor;

import dev.twofactor.InvalidOtpAuthUriException.Reason;
import dev.twofactor.OtpAuthUri.Warning;
import dev.twofactor.OtpAuthUri.Warning.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads one otpauth:// URI, leniently and with every choice documented on {@link
 * OtpAuthUri#parse(String)}. One instance reads one text; it is not reused.
 *
 * <p>Percent-decoding is done here, on the raw text, rather than by {@link java.net.URI}: {@code
 * URI.getPath()} turns {@code %3A} into {@code :} before the label can be split on it, and an error
 * must say where in the text it is. Every decoded character remembers the index it came from, so
 * that an error in a decoded value (a bad Base32 character, a colon in the issuer) points into the
 * original text.
 *
 * <p>Every kind of warning is kept once, with a count, and the text is at most {@link
 * OtpAuthUri#MAX_LENGTH} bytes: what a text can make this reader keep is small and bounded.
 */
final class OtpAuthUriParser {
  private static final String SCHEME = "otpauth";
  private static final String SEPARATOR_AFTER_SCHEME = "://";

  /** Characters RFC 3986 allows unencoded in a path or query besides the unreserved ones. */
  private static final String ALLOWED_RAW = "!$&'()*+,;=:@/?";

  private final String text;

  /** The first occurrence and the count of each kind of warning, in the order first met. */
  private final Map<Kind, Pending> warnings = new LinkedHashMap<>();

  /** The parameters seen so far, by name, with the index of their first occurrence. */
  private final Map<String, Integer> seen = new HashMap<>();

  private OtpAuthUri.Type type = OtpAuthUri.Type.TOTP;
  private @Nullable Secret secret;
  private @Nullable String issuerParameter;
  private Algorithm algorithm = Algorithm.SHA1;
  private int digits = OtpAuthUri.DEFAULT_DIGITS;
  private long periodSeconds = OtpAuthUri.DEFAULT_PERIOD_SECONDS;
  private long counter = -1;
  private final Map<String, String> extraParameters = new LinkedHashMap<>();

  private OtpAuthUriParser(String text) {
    this.text = text;
  }

  /** Reads a URI; see {@link OtpAuthUri#parse(String)}. */
  static OtpAuthUri parse(String text) {
    return new OtpAuthUriParser(text).read();
  }

  private OtpAuthUri read() {
    checkLength();
    int start = 0;
    int end = text.length();
    while (start < end && isTrimmable(text.charAt(start))) {
      start++;
    }
    while (end > start && isTrimmable(text.charAt(end - 1))) {
      end--;
    }
    if (start > 0) {
      int before = start;
      warn(
          Kind.SURROUNDING_WHITESPACE,
          0,
          () -> "text: whitespace before index " + before + " ignored");
    }
    if (end < text.length()) {
      int from = end;
      warn(
          Kind.SURROUNDING_WHITESPACE,
          end,
          () -> "text: whitespace from index " + from + " ignored");
    }
    checkCharacters(start, end);

    int typeStart = readScheme(start);
    int fragment = indexOf('#', typeStart, end);
    int contentEnd = fragment < 0 ? end : fragment;
    if (fragment >= 0) {
      warn(
          Kind.FRAGMENT,
          fragment,
          () ->
              "fragment: the text from '#' at index "
                  + fragment
                  + " is ignored; a '#' in a name must be written %23");
    }
    int typeEnd = typeStart;
    while (typeEnd < contentEnd && text.charAt(typeEnd) != '/' && text.charAt(typeEnd) != '?') {
      typeEnd++;
    }
    readType(typeStart, typeEnd);

    int query = indexOf('?', typeEnd, contentEnd);
    int labelStart = typeEnd;
    int labelEnd = typeEnd;
    if (typeEnd < contentEnd && text.charAt(typeEnd) == '/') {
      labelStart = typeEnd + 1;
      labelEnd = query < 0 ? contentEnd : query;
    }
    Label label = readLabel(labelStart, labelEnd);

    if (query >= 0) {
      int from = query + 1;
      while (true) {
        int ampersand = indexOf('&', from, contentEnd);
        int to = ampersand < 0 ? contentEnd : ampersand;
        readParameter(from, to);
        if (ampersand < 0) {
          break;
        }
        from = ampersand + 1;
      }
    }

    Secret readSecret = secret;
    if (readSecret == null) {
      throw error(
          Reason.MISSING_SECRET,
          contentEnd,
          "missing secret parameter at index " + contentEnd + " (the end of the query)");
    }
    if (type == OtpAuthUri.Type.HOTP && counter < 0) {
      // Google Authenticator's export leaves out a zero counter; pyotp and otplib read it as 0.
      counter = 0;
      warn(
          Kind.MISSING_COUNTER,
          contentEnd,
          () ->
              "counter: missing in a hotp URI at index "
                  + contentEnd
                  + " (the end of the query); read as 0");
    }
    String issuer = resolveIssuer(label.prefix(), labelStart);
    boolean totp = type == OtpAuthUri.Type.TOTP;
    return new OtpAuthUri(
        type,
        readSecret,
        issuer,
        label.prefix(),
        label.account(),
        algorithm,
        digits,
        totp ? periodSeconds : 0,
        totp ? 0 : counter,
        extraParameters,
        warnings());
  }

  /**
   * Refuses a text longer than a QR code holds, before anything else: the UTF-8 bytes are counted
   * only up to the limit.
   */
  private void checkLength() {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // A surrogate pair is 4 bytes, 2 for each half.
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      if (bytes > OtpAuthUri.MAX_LENGTH) {
        throw error(
            Reason.TOO_LONG,
            i,
            "text must be at most "
                + OtpAuthUri.MAX_LENGTH
                + " bytes in UTF-8, what a QR code holds: longer from index "
                + i);
      }
    }
  }

  /** Reads {@code otpauth://} in any case and returns the index after it. */
  private int readScheme(int start) {
    if (!Ascii.regionMatchesIgnoreCase(text, start, SCHEME + ":")) {
      throw error(
          Reason.WRONG_SCHEME,
          start,
          "not an otpauth URI: the text must start with otpauth:// at index " + start);
    }
    int slashes = start + SCHEME.length() + 1;
    if (!text.startsWith("//", slashes)) {
      throw error(
          Reason.WRONG_SCHEME,
          slashes,
          "not an otpauth URI: '//' must follow otpauth: at index " + slashes);
    }
    if (!text.startsWith(SCHEME, start)) {
      warn(
          Kind.SCHEME_CASE,
          start,
          () ->
              "scheme: "
                  + Ascii.quote(text.substring(start, start + SCHEME.length()))
                  + " at index "
                  + start
                  + " read as otpauth");
    }
    return start + SCHEME.length() + SEPARATOR_AFTER_SCHEME.length();
  }

  private void readType(int from, int to) {
    String name = text.substring(from, to);
    String folded = Ascii.toLowerCase(name);
    if (folded.equals(OtpAuthUri.Type.TOTP.uriName())) {
      type = OtpAuthUri.Type.TOTP;
    } else if (folded.equals(OtpAuthUri.Type.HOTP.uriName())) {
      type = OtpAuthUri.Type.HOTP;
    } else {
      // The type is not quoted: a text that is not a URI at all could be a bare secret.
      throw error(Reason.UNKNOWN_TYPE, from, "type must be totp or hotp at index " + from);
    }
    if (!name.equals(folded)) {
      warn(
          Kind.TYPE_CASE,
          from,
          () -> "type: " + Ascii.quote(name) + " at index " + from + " read as " + folded);
    }
  }

  /** The label, split at its first {@code :} or {@code %3A}. */
  private record Label(@Nullable String prefix, String account) {}

  private Label readLabel(int from, int to) {
    int separator = -1;
    for (int i = from; i < to && separator < 0; i++) {
      if (colonLength(i, to) > 0) {
        separator = i;
      }
    }
    if (separator < 0) {
      // Spaces before the account are skipped here as after a separator: written after an issuer
      // prefix, they would be skipped when read again.
      String account = withoutLeadingSpaces(decode(from, to, "label", false).value());
      if (account.isEmpty()) {
        throw error(Reason.EMPTY_ACCOUNT, from, "label: no account name at index " + from);
      }
      return new Label(null, account);
    }
    String prefix = decode(from, separator, "label", false).value();
    int accountStart = separator + colonLength(separator, to);
    for (int i = accountStart; i < to; i++) {
      if (colonLength(i, to) > 0) {
        // otpauth and otplib (npm) and pyotp split the label at its first colon only.
        int colon = i;
        warn(
            Kind.COLON_IN_ACCOUNT,
            colon,
            () ->
                "label: a further ':' at index "
                    + colon
                    + " is kept in the account, as otpauth, otplib and pyotp read it");
      }
    }
    // The Key Uri Format allows spaces between the separator and the account name.
    String account = withoutLeadingSpaces(decode(accountStart, to, "label", false).value());
    if (account.isEmpty()) {
      throw error(
          Reason.EMPTY_ACCOUNT,
          accountStart,
          "label: no account name after the issuer at index " + accountStart);
    }
    if (prefix.isEmpty()) {
      int at = separator;
      warn(
          Kind.EMPTY_LABEL_PREFIX,
          at,
          () -> "label: empty issuer before ':' at index " + at + " ignored");
      return new Label(null, account);
    }
    return new Label(prefix, account);
  }

  private static String withoutLeadingSpaces(String name) {
    int skipped = 0;
    while (skipped < name.length() && name.charAt(skipped) == ' ') {
      skipped++;
    }
    return name.substring(skipped);
  }

  /** Returns 1 for {@code :} at {@code i}, 3 for {@code %3A} or {@code %3a}, else 0. */
  private int colonLength(int i, int to) {
    char c = text.charAt(i);
    if (c == ':') {
      return 1;
    }
    if (c == '%'
        && i + 2 < to
        && text.charAt(i + 1) == '3'
        && (text.charAt(i + 2) == 'A' || text.charAt(i + 2) == 'a')) {
      return 3;
    }
    return 0;
  }

  private void readParameter(int from, int to) {
    if (from == to) {
      warn(
          Kind.EMPTY_PARAMETER, from, () -> "query: empty parameter at index " + from + " ignored");
      return;
    }
    int equals = indexOf('=', from, to);
    int nameEnd = equals < 0 ? to : equals;
    String given = decode(from, nameEnd, "parameter name", true).value();
    if (given.isEmpty()) {
      warn(
          Kind.NAMELESS_PARAMETER,
          from,
          () -> "query: parameter without a name at index " + from + " ignored");
      return;
    }
    String folded = Ascii.toLowerCase(given);
    boolean known = OtpAuthUri.KNOWN_PARAMETERS.contains(folded);
    String name = known ? folded : given;
    Integer first = seen.putIfAbsent(name, from);
    if (first != null) {
      // An unknown name is not quoted: a stray '&' in a secret makes the rest of it one.
      throw error(
          Reason.DUPLICATE_PARAMETER,
          from,
          "duplicate parameter "
              + (known ? Ascii.quote(name) + " " : "")
              + "at index "
              + from
              + " (first at index "
              + first
              + ")");
    }
    if (known && !given.equals(name)) {
      warn(
          Kind.PARAMETER_NAME_CASE,
          from,
          () ->
              "query: parameter name "
                  + Ascii.quote(given)
                  + " at index "
                  + from
                  + " read as "
                  + name);
    }
    if (!known && extraParameters.size() == OtpAuthUri.MAX_EXTRA_PARAMETERS) {
      warn(
          Kind.TOO_MANY_PARAMETERS,
          from,
          () ->
              "query: more than "
                  + OtpAuthUri.MAX_EXTRA_PARAMETERS
                  + " unknown parameters; the one at index "
                  + from
                  + " and later ones are ignored");
      return;
    }
    Decoded value = decode(equals < 0 ? to : equals + 1, to, known ? name : "parameter", true);
    switch (name) {
      case "secret" -> readSecret(value);
      case "issuer" -> readIssuer(value);
      case "algorithm" -> readAlgorithm(value);
      case "digits" -> readDigits(value);
      case "period" -> readPeriod(value);
      case "counter" -> readCounter(value);
      default -> extraParameters.put(name, value.value());
    }
  }

  private void readSecret(Decoded value) {
    String given = value.value();
    int firstData = -1;
    for (int i = 0; i < given.length() && firstData < 0; i++) {
      char c = given.charAt(i);
      if (c != ' ' && c != '-' && c != '=') {
        firstData = i;
      }
    }
    if (firstData < 0) {
      throw error(Reason.EMPTY_SECRET, value.start(), "secret: empty at index " + value.start());
    }
    Secret read;
    try {
      read = Secret.fromBase32(given);
    } catch (InvalidSecretException e) {
      // Secret's message never contains the key; its indices are told in this text's terms.
      String message = e.describe(value::sourceOf);
      switch (e.reason()) {
        case TOO_SHORT ->
            throw error(
                Reason.SECRET_TOO_SHORT, value.start(), message + " at index " + value.start());
        case TOO_LONG -> throw error(Reason.SECRET_TOO_LONG, value.sourceOf(e.index()), message);
        case NO_DATA ->
            // Excluded above; kept so that the switch covers every reason.
            throw error(
                Reason.EMPTY_SECRET, value.start(), "secret: empty at index " + value.start());
        case INVALID_CHARACTER, DATA_AFTER_PADDING, INVALID_LENGTH ->
            throw error(Reason.INVALID_SECRET, value.sourceOf(e.index()), message);
      }
      throw new AssertionError(e.reason());
    }
    int padding = given.indexOf('=');
    if (padding >= 0) {
      int at = value.sourceOf(padding);
      warn(
          Kind.SECRET_PADDING,
          at,
          () -> "secret: padding '=' at index " + at + " ignored; padding should be omitted");
    }
    for (int i = 0; i < given.length(); i++) {
      char c = given.charAt(i);
      if ((c >= 'a' && c <= 'z') || c == ' ' || c == '-') {
        int at = value.sourceOf(i);
        warn(
            Kind.SECRET_SPELLING,
            at,
            () ->
                "secret: lower-case letters, spaces or hyphens (the first at index "
                    + at
                    + ") read leniently; Base32 in a URI should be upper case");
        break;
      }
    }
    if (read.isWeak()) {
      warn(
          Kind.WEAK_SECRET,
          value.start(),
          () ->
              "secret: "
                  + read.byteLength() * 8
                  + " bits, under the 128 bits that RFC 4226"
                  + " requires; FreeOTP refuses such a secret");
    }
    secret = read;
  }

  private void readIssuer(Decoded value) {
    String issuer = value.value();
    if (issuer.isEmpty()) {
      warn(
          Kind.EMPTY_ISSUER,
          value.start(),
          () -> "issuer: empty parameter at index " + value.start() + " ignored");
      return;
    }
    int colon = issuer.indexOf(':');
    if (colon >= 0) {
      int at = value.sourceOf(colon);
      throw error(
          Reason.COLON_IN_NAME,
          at,
          "issuer: ':' at index "
              + at
              + "; an issuer may not contain a colon, which separates issuer and account");
    }
    issuerParameter = issuer;
  }

  private void readAlgorithm(Decoded value) {
    try {
      algorithm = Algorithm.fromName(value.value());
    } catch (IllegalArgumentException e) {
      // Not quoted: in a text that lost an '&', the value may run on into the secret.
      throw error(
          Reason.UNKNOWN_ALGORITHM,
          value.start(),
          "algorithm must be one of SHA1, SHA256, SHA512 at index " + value.start());
    }
    if (!value.value().equals(algorithm.uriName())) {
      warn(
          Kind.ALGORITHM_SPELLING,
          value.start(),
          () ->
              "algorithm: "
                  + Ascii.quote(value.value())
                  + " at index "
                  + value.start()
                  + " read as "
                  + algorithm.uriName()
                  + "; Google Authenticator honours only the upper-case name");
    }
  }

  private void readDigits(Decoded value) {
    long read = decimal(value.value());
    if (read < Codes.MIN_DIGITS || read > Codes.MAX_DIGITS) {
      throw error(
          Reason.INVALID_DIGITS,
          value.start(),
          "digits must be a number from "
              + Codes.MIN_DIGITS
              + " to "
              + Codes.MAX_DIGITS
              + ": "
              + describeNumber(value.value())
              + " at index "
              + value.start());
    }
    digits = (int) read;
    if (digits != 6 && digits != 8) {
      warn(
          Kind.UNUSUAL_DIGITS,
          value.start(),
          () ->
              "digits: "
                  + digits
                  + " at index "
                  + value.start()
                  + " is neither 6 nor 8, the values the Key Uri Format names");
    }
  }

  private void readPeriod(Decoded value) {
    if (type == OtpAuthUri.Type.HOTP) {
      warn(
          Kind.IGNORED_PARAMETER,
          value.start(),
          () -> "period: ignored in a hotp URI, at index " + value.start());
      return;
    }
    long read = decimal(value.value());
    if (read < OtpAuthUri.MIN_PERIOD_SECONDS || read > OtpAuthUri.MAX_PERIOD_SECONDS) {
      throw error(
          Reason.INVALID_PERIOD,
          value.start(),
          "period must be a number of seconds from "
              + OtpAuthUri.MIN_PERIOD_SECONDS
              + " to "
              + OtpAuthUri.MAX_PERIOD_SECONDS
              + ": "
              + describeNumber(value.value())
              + " at index "
              + value.start());
    }
    periodSeconds = read;
  }

  private void readCounter(Decoded value) {
    if (type == OtpAuthUri.Type.TOTP) {
      warn(
          Kind.IGNORED_PARAMETER,
          value.start(),
          () -> "counter: ignored in a totp URI, at index " + value.start());
      return;
    }
    String given = value.value();
    long read = decimal(given);
    if (read < 0) {
      String message =
          given.startsWith("-") && decimal(given.substring(1)) >= 0
              ? "counter must not be negative: "
              : "counter must be a decimal number from 0 to " + Long.MAX_VALUE + ": ";
      throw error(
          Reason.INVALID_COUNTER,
          value.start(),
          message + describeNumber(given) + " at index " + value.start());
    }
    counter = read;
  }

  private @Nullable String resolveIssuer(@Nullable String prefix, int labelStart) {
    String parameter = issuerParameter;
    if (parameter != null) {
      if (prefix != null && !prefix.equals(parameter)) {
        warn(
            Kind.ISSUER_MISMATCH,
            labelStart,
            () ->
                "issuer: the label prefix "
                    + Ascii.quote(prefix)
                    + " differs from the issuer parameter "
                    + Ascii.quote(parameter)
                    + "; the parameter wins");
      }
      return parameter;
    }
    if (prefix != null) {
      warn(
          Kind.ISSUER_FROM_LABEL,
          labelStart,
          () ->
              "issuer: no issuer parameter; the label prefix " + Ascii.quote(prefix) + " is used");
      return prefix;
    }
    warn(
        Kind.NO_ISSUER,
        labelStart,
        () -> "issuer: none in the label or the parameters; apps show the account name alone");
    return null;
  }

  /** A decoded part of the text, with the index in the text that each character came from. */
  private static final class Decoded {
    private final String value;
    private final int[] sources;
    private final int start;

    Decoded(String value, int[] sources, int start) {
      this.value = value;
      this.sources = sources;
      this.start = start;
    }

    String value() {
      return value;
    }

    /** The index in the text where the part starts, also for an empty part. */
    int start() {
      return start;
    }

    /** The index in the text of the character at {@code i} of the value. */
    int sourceOf(int i) {
      return sources[i];
    }
  }

  /**
   * Decodes {@code text[from, to)}: percent-escapes as UTF-8, {@code +} as a space in a query and
   * as itself in the label, anything else as it is (with a warning if RFC 3986 wants it encoded).
   */
  private Decoded decode(int from, int to, String part, boolean inQuery) {
    StringBuilder out = new StringBuilder(to - from);
    // A decoded part is never longer than its text: an escape of 3 characters gives one byte.
    int[] sources = new int[to - from];
    int i = from;
    while (i < to) {
      char c = text.charAt(i);
      if (c == '%') {
        i = decodeEscapes(i, to, out, sources);
        continue;
      }
      if (c == '+') {
        int at = i;
        if (inQuery) {
          warn(
              Kind.PLUS_AS_SPACE,
              at,
              () ->
                  part
                      + ": '+' at index "
                      + at
                      + " read as a space (form encoding); RFC 3986 writers use %20");
        } else {
          warn(
              Kind.PLUS_IN_LABEL,
              at,
              () ->
                  part
                      + ": '+' at index "
                      + at
                      + " kept as a plus sign, as RFC 3986 reads it; a writer that meant a space"
                      + " should have written %20");
        }
        sources[out.length()] = i;
        out.append(inQuery ? ' ' : '+');
      } else {
        if (!PercentEncoding.isUnreserved(c) && ALLOWED_RAW.indexOf(c) < 0) {
          int at = i;
          warn(
              Kind.UNENCODED_CHARACTER,
              at,
              () ->
                  part
                      + ": "
                      + Ascii.describe(text.codePointAt(at))
                      + " at index "
                      + at
                      + " should be percent-encoded");
        }
        sources[out.length()] = i;
        out.append(c);
      }
      i++;
    }
    return new Decoded(out.toString(), Arrays.copyOf(sources, out.length()), from);
  }

  /** Decodes a run of percent-escapes from {@code from} as UTF-8; returns the index after it. */
  private int decodeEscapes(int from, int to, StringBuilder out, int[] sources) {
    int end = from;
    while (end < to && text.charAt(end) == '%') {
      if (end + 2 >= to
          || PercentEncoding.hexValue(text.charAt(end + 1)) < 0
          || PercentEncoding.hexValue(text.charAt(end + 2)) < 0) {
        throw error(
            Reason.INVALID_ESCAPE,
            end,
            "broken percent-escape at index "
                + end
                + ": '%' must be followed by two hexadecimal digits");
      }
      end += 3;
    }
    int at = from;
    while (at < end) {
      int lead = escapedByte(at);
      int length;
      int codePoint;
      int smallest;
      if (lead < 0x80) {
        length = 1;
        codePoint = lead;
        smallest = 0;
      } else if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
        codePoint = lead & 0x1f;
        smallest = 0x80;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        codePoint = lead & 0x0f;
        smallest = 0x800;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        codePoint = lead & 0x07;
        smallest = 0x10000;
      } else {
        throw invalidUtf8(at);
      }
      if (at + 3 * length > end) {
        throw invalidUtf8(at);
      }
      for (int k = 1; k < length; k++) {
        int next = escapedByte(at + 3 * k);
        if ((next & 0xc0) != 0x80) {
          throw invalidUtf8(at);
        }
        codePoint = codePoint << 6 | (next & 0x3f);
      }
      if (codePoint < smallest
          || codePoint > Character.MAX_CODE_POINT
          || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE)) {
        throw invalidUtf8(at);
      }
      if (Character.getType(codePoint) == Character.CONTROL) {
        throw error(
            Reason.INVALID_CHARACTER,
            at,
            "control character " + Ascii.describe(codePoint) + " percent-encoded at index " + at);
      }
      for (int k = 0; k < Character.charCount(codePoint); k++) {
        sources[out.length() + k] = at;
      }
      out.appendCodePoint(codePoint);
      at += 3 * length;
    }
    return end;
  }

  private int escapedByte(int percent) {
    return PercentEncoding.hexValue(text.charAt(percent + 1)) << 4
        | PercentEncoding.hexValue(text.charAt(percent + 2));
  }

  private InvalidOtpAuthUriException invalidUtf8(int at) {
    return error(Reason.INVALID_UTF8, at, "invalid UTF-8 in the percent-escapes at index " + at);
  }

  /** Refuses control characters and unpaired surrogates anywhere in the raw text. */
  private void checkCharacters(int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw error(
            Reason.INVALID_CHARACTER,
            i,
            "unpaired surrogate " + Ascii.describe(c) + " at index " + i);
      } else if (Character.getType(c) == Character.CONTROL) {
        throw error(
            Reason.INVALID_CHARACTER,
            i,
            "control character " + Ascii.describe(c) + " at index " + i);
      }
    }
  }

  /**
   * Reads a non-negative decimal number of ASCII digits; returns -1 for anything else (empty, a
   * sign, other digits such as {@code ٨}, or a value above {@link Long#MAX_VALUE}).
   */
  private static long decimal(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      try {
        value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
      } catch (ArithmeticException tooLarge) {
        return -1;
      }
    }
    return value;
  }

  /**
   * Describes a value that should be a number without quoting anything else: in a text that lost an
   * {@code &}, a value may run on into the secret ({@code digits=8secret=…}).
   */
  private static String describeNumber(String value) {
    if (value.isEmpty()) {
      return "empty";
    }
    int digitsFrom = value.charAt(0) == '-' ? 1 : 0;
    boolean number = value.length() > digitsFrom && value.length() <= 21;
    for (int i = digitsFrom; i < value.length() && number; i++) {
      number = value.charAt(i) >= '0' && value.charAt(i) <= '9';
    }
    return number ? value : "not a decimal number";
  }

  private int indexOf(char c, int from, int to) {
    int i = text.indexOf(c, from);
    return i >= 0 && i < to ? i : -1;
  }

  private static boolean isTrimmable(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** The first occurrence of a kind of warning, and how many there are so far. */
  private static final class Pending {
    final int index;
    final String message;
    int count = 1;

    Pending(int index, String message) {
      this.index = index;
      this.message = message;
    }
  }

  /** Counts a warning; only the first of its kind is described, so the message is made lazily. */
  private void warn(Kind kind, int index, Supplier<String> message) {
    Pending pending = warnings.get(kind);
    if (pending == null) {
      warnings.put(kind, new Pending(index, message.get()));
    } else {
      pending.count++;
    }
  }

  private List<Warning> warnings() {
    List<Warning> list = new ArrayList<>(warnings.size());
    warnings.forEach(
        (kind, pending) ->
            list.add(
                new Warning(
                    kind,
                    pending.index,
                    pending.count,
                    pending.count == 1
                        ? pending.message
                        : pending.message + " (" + pending.count + " of this kind)")));
    return list;
  }

  private static InvalidOtpAuthUriException error(Reason reason, int index, String message) {
    return new InvalidOtpAuthUriException(reason, message, index);
  }
}
