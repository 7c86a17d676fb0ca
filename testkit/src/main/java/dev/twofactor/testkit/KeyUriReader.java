package dev.twofactor.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The software authenticator's own minimal reader of otpauth:// URIs, written for the JDK alone.
 *
 * <p>{@link SoftwareAuthenticator}'s class Javadoc documents every reading; this class implements
 * it. It works on the raw text: the label is percent-decoded here, after the type and before the
 * split at the first colon, never by {@code java.net.URI}, whose {@code getPath()} turns {@code
 * %3A} into {@code :} and rejects text that apps accept.
 */
final class KeyUriReader {
  private static final String SCHEME = "otpauth://";

  private final String text;

  private KeyUriReader(String text) {
    this.text = text;
  }

  /**
   * Reads a URI.
   *
   * @param uri the URI text
   * @param honourSettings whether {@code algorithm}, {@code digits} and {@code period} are read, or
   *     ignored in favour of SHA1, 6 and 30 as a basic app does
   */
  static SoftwareAuthenticator read(String uri, boolean honourSettings) {
    Objects.requireNonNull(uri, "uri");
    return new KeyUriReader(uri).read(honourSettings);
  }

  private SoftwareAuthenticator read(boolean honourSettings) {
    if (!Text.toLowerAscii(text.substring(0, Math.min(text.length(), SCHEME.length())))
        .equals(SCHEME)) {
      throw new IllegalArgumentException("uri must start with otpauth://");
    }
    int hash = text.indexOf('#');
    int end = hash < 0 ? text.length() : hash;
    int question = text.indexOf('?', SCHEME.length());
    int queryStart = question < 0 || question > end ? end : question;
    int slash = text.indexOf('/', SCHEME.length());
    int typeEnd = slash < 0 || slash > queryStart ? queryStart : slash;

    String type = Text.toLowerAscii(text.substring(SCHEME.length(), typeEnd));
    if (!type.equals("totp") && !type.equals("hotp")) {
      throw new IllegalArgumentException(
          "type must be totp or hotp: " + Text.quote(text.substring(SCHEME.length(), typeEnd)));
    }
    if (typeEnd != slash) {
      throw new IllegalArgumentException(
          "label is missing: expected otpauth://" + type + "/<label>");
    }

    String label = decode(slash + 1, queryStart, "label");
    int colon = label.indexOf(':');
    String prefix = colon < 0 ? "" : label.substring(0, colon);
    int accountStart = colon + 1;
    while (accountStart < label.length() && label.charAt(accountStart) == ' ') {
      accountStart++;
    }
    String account = label.substring(accountStart);
    if (account.isEmpty()) {
      throw new IllegalArgumentException("account is empty");
    }

    // The parameters read; every other one is ignored, as apps ignore them.
    boolean totp = type.equals("totp");
    Set<String> known = new HashSet<>(List.of("secret", "issuer"));
    if (!totp) {
      known.add("counter");
    }
    if (honourSettings) {
      known.addAll(List.of("algorithm", "digits"));
      if (totp) {
        known.add("period");
      }
    }
    Map<String, Parameter> parameters = parameters(queryStart + 1, end, known);
    String secretText = value(parameters, "secret");
    if (secretText == null) {
      throw new IllegalArgumentException("secret is missing");
    }
    if (secretText.isEmpty()) {
      throw new IllegalArgumentException("secret is empty");
    }
    byte[] key = Base32.decode(secretText);

    String issuer = value(parameters, "issuer");
    if (issuer == null || issuer.isEmpty()) {
      issuer = prefix;
    }

    String algorithm = SoftwareAuthenticator.DEFAULT_ALGORITHM;
    int digits = SoftwareAuthenticator.DEFAULT_DIGITS;
    long period = SoftwareAuthenticator.DEFAULT_PERIOD_SECONDS;
    if (honourSettings) {
      algorithm = algorithm(value(parameters, "algorithm"));
      digits = digits(value(parameters, "digits"));
      if (totp) {
        period = period(value(parameters, "period"));
      }
    }
    long counter = 0;
    if (!totp) {
      counter = counter(value(parameters, "counter"));
    }
    return new SoftwareAuthenticator(
        type, issuer, account, algorithm, key, digits, period, counter);
  }

  /**
   * Splits the query at {@code &} and each parameter at its first {@code =}; a parameter without
   * {@code =} has an empty value. Only the known parameters are kept; they must not repeat.
   */
  private Map<String, Parameter> parameters(int start, int end, Set<String> known) {
    Map<String, Parameter> parameters = new HashMap<>();
    int from = start;
    while (from < end) {
      int ampersand = text.indexOf('&', from);
      int to = ampersand < 0 || ampersand > end ? end : ampersand;
      if (to > from) {
        int equals = text.indexOf('=', from);
        int nameEnd = equals < 0 || equals > to ? to : equals;
        String name = decode(from, nameEnd, "parameter name");
        int valueStart = Math.min(nameEnd + 1, to);
        if (known.contains(name) && parameters.put(name, new Parameter(valueStart, to)) != null) {
          throw new IllegalArgumentException("parameter " + name + " appears more than once");
        }
      }
      from = to + 1;
    }
    return parameters;
  }

  private @Nullable String value(Map<String, Parameter> parameters, String name) {
    Parameter parameter = parameters.get(name);
    return parameter == null ? null : decode(parameter.start(), parameter.end(), name);
  }

  private static String algorithm(@Nullable String value) {
    if (value == null) {
      return SoftwareAuthenticator.DEFAULT_ALGORITHM;
    }
    return switch (Text.toLowerAscii(value)) {
      case "sha1" -> "SHA1";
      case "sha256" -> "SHA256";
      case "sha512" -> "SHA512";
      default ->
          throw new IllegalArgumentException(
              "algorithm must be SHA1, SHA256 or SHA512 (in any case): " + Text.quote(value));
    };
  }

  private static int digits(@Nullable String value) {
    if (value == null) {
      return SoftwareAuthenticator.DEFAULT_DIGITS;
    }
    long digits = wholeNumber(value);
    if (digits < SoftwareAuthenticator.MIN_DIGITS || digits > SoftwareAuthenticator.MAX_DIGITS) {
      throw new IllegalArgumentException(
          "digits must be between "
              + SoftwareAuthenticator.MIN_DIGITS
              + " and "
              + SoftwareAuthenticator.MAX_DIGITS
              + ": "
              + Text.quote(value));
    }
    return (int) digits;
  }

  private static long period(@Nullable String value) {
    if (value == null) {
      return SoftwareAuthenticator.DEFAULT_PERIOD_SECONDS;
    }
    long period = wholeNumber(value);
    if (period < 1) {
      throw new IllegalArgumentException(
          "period must be a positive whole number of seconds: " + Text.quote(value));
    }
    return period;
  }

  private static long counter(@Nullable String value) {
    if (value == null) {
      throw new IllegalArgumentException("counter is missing (required for hotp)");
    }
    long counter = wholeNumber(value);
    if (counter < 0) {
      throw new IllegalArgumentException(
          "counter must be a whole number from 0 to " + Long.MAX_VALUE + ": " + Text.quote(value));
    }
    return counter;
  }

  /**
   * Reads ASCII digits {@code 0-9} only (no sign, no space, no other script's digits, unlike {@code
   * Long.parseLong}), or returns -1 if the text is anything else or exceeds a long.
   */
  private static long wholeNumber(String value) {
    if (value.isEmpty()) {
      return -1;
    }
    long number = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9' || number > (Long.MAX_VALUE - (c - '0')) / 10) {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }

  /**
   * Percent-decodes {@code text[start, end)} as UTF-8. Every other character, {@code +} included,
   * stands for itself.
   *
   * @param what the part being decoded, for error messages
   */
  private String decode(int start, int end, String what) {
    StringBuilder out = new StringBuilder(end - start);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = start;
    while (i < end) {
      if (text.charAt(i) != '%') {
        out.append(text.charAt(i));
        i++;
        continue;
      }
      // A run of escapes is decoded as a whole: one character may take up to four of them.
      int runStart = i;
      bytes.reset();
      while (i < end && text.charAt(i) == '%') {
        int high = i + 2 < end ? hexValue(text.charAt(i + 1)) : -1;
        int low = i + 2 < end ? hexValue(text.charAt(i + 2)) : -1;
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException(what + ": broken percent escape at index " + i);
        }
        bytes.write(high << 4 | low);
        i += 3;
      }
      try {
        out.append(
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes.toByteArray())));
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException(
            what + ": percent escapes at index " + runStart + " are not UTF-8", e);
      }
    }
    return out.toString();
  }

  /** Returns the value of an ASCII hexadecimal digit, or -1 (not {@code Character.digit}). */
  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Where a parameter's raw value lies in the text. */
  private record Parameter(int start, int end) {}
}
