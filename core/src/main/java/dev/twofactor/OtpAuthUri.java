package dev.twofactor;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An {@code otpauth://} key URI: the text inside the QR code that an authenticator app scans, with
 * the secret, the names the app shows and the code settings.
 *
 * <p>There is no formal standard; the format is the Google Authenticator "Key Uri Format": {@code
 * otpauth://TYPE/LABEL?PARAMETERS}, where the label is {@code issuer:account} or just {@code
 * account}. Build one for a new credential, write it with {@link #toUriString()}, and put it in a
 * QR code:
 *
 * <pre>{@code
 * OtpAuthUri uri = OtpAuthUri.totp(secret).issuer("ACME Co").account("alice@example.com").build();
 * String text = uri.toUriString();
 * // otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co
 * }</pre>
 *
 * <p>{@link #parse(String)} reads what issuers and apps write in the wild, leniently and with a
 * typed {@link Warning} for each kind of irregularity it tolerates; what it refuses, it refuses
 * with an {@link InvalidOtpAuthUriException} that says why and where. It reads at most {@link
 * #MAX_LENGTH} bytes, what a QR code holds.
 *
 * <p>The writer is conservative, so that every app reads the same thing: the issuer is written both
 * as the label prefix and as the {@code issuer} parameter; names are percent-encoded UTF-8 as RFC
 * 3986 §2.1 says, with only the unreserved characters {@code A-Z a-z 0-9 - . _ ~} left as they are
 * ({@code %20} for a space, never {@code +}, which apps show literally); the secret is upper-case
 * Base32 without padding; {@code algorithm}, {@code digits} and {@code period} are written only
 * when they differ from SHA1, 6 and 30, because some apps mishandle them even then; {@code counter}
 * is always written for HOTP; extra parameters come last, in the order they were set.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <p><b>Security note:</b> the URI carries the secret. {@link #toUriString()} is as secret as the
 * key itself: show it only in the QR code or the manual-entry screen of the user it belongs to, and
 * never log it. {@link #toString()} leaves the secret out.
 */
public final class OtpAuthUri {
  /** Whether the app computes codes from the time or from a counter. */
  public enum Type {
    /** Time-based codes, RFC 6238. */
    TOTP("totp"),
    /** Counter-based codes, RFC 4226. */
    HOTP("hotp");

    private final String uriName;

    Type(String uriName) {
      this.uriName = uriName;
    }

    /**
     * Returns the name of the type in a URI.
     *
     * @return {@code "totp"} or {@code "hotp"}
     */
    public String uriName() {
      return uriName;
    }
  }

  /** The digits of a code when the URI does not say. */
  static final int DEFAULT_DIGITS = 6;

  /** The period in seconds when the URI does not say. */
  static final long DEFAULT_PERIOD_SECONDS = 30;

  /** The shortest period a URI may carry, in seconds. */
  static final long MIN_PERIOD_SECONDS = 1;

  /**
   * The longest period a URI may carry, in seconds: one day. No app is known to support more, and a
   * larger value is almost certainly a unit mistake.
   */
  static final long MAX_PERIOD_SECONDS = 86_400;

  /** The parameters this class reads itself; extra parameters may not use these names. */
  static final List<String> KNOWN_PARAMETERS =
      List.of("secret", "issuer", "algorithm", "digits", "period", "counter");

  /**
   * The longest URI text read or written, in bytes of UTF-8: 2953, what a version 40 QR code holds
   * in byte mode at error-correction level L (ISO/IEC 18004 Table 7). A longer text cannot have
   * come from a QR code, and the limit bounds what {@link #parse(String)} reads.
   */
  public static final int MAX_LENGTH = 2953;

  /**
   * The most extra parameters (those this class does not interpret) that a URI keeps: 8. Real URIs
   * carry up to three (FreeOTP's {@code image}, {@code color}, {@code lock}); {@link
   * #parse(String)} ignores the ones after the eighth, with a warning.
   */
  public static final int MAX_EXTRA_PARAMETERS = 8;

  private final Type type;
  private final Secret secret;
  private final @Nullable String issuer;
  private final @Nullable String labelPrefix;
  private final String account;
  private final Algorithm algorithm;
  private final int digits;

  /** The period in seconds; 0 for HOTP. */
  private final long periodSeconds;

  /** The counter; 0 for TOTP. */
  private final long counter;

  private final Map<String, String> extraParameters;
  private final List<Warning> warnings;

  /** Creates a URI from values already checked, by the builder or the parser. */
  OtpAuthUri(
      Type type,
      Secret secret,
      @Nullable String issuer,
      @Nullable String labelPrefix,
      String account,
      Algorithm algorithm,
      int digits,
      long periodSeconds,
      long counter,
      Map<String, String> extraParameters,
      List<Warning> warnings) {
    this.type = type;
    this.secret = secret;
    this.issuer = issuer;
    this.labelPrefix = labelPrefix;
    this.account = account;
    this.algorithm = algorithm;
    this.digits = digits;
    this.periodSeconds = periodSeconds;
    this.counter = counter;
    this.extraParameters = Collections.unmodifiableMap(new LinkedHashMap<>(extraParameters));
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Starts a time-based (RFC 6238) URI.
   *
   * @param secret the shared key
   * @return a builder with SHA-1, 6 digits and 30 seconds, which needs an issuer and an account
   */
  public static Builder totp(Secret secret) {
    return new Builder(Type.TOTP, Objects.requireNonNull(secret, "secret"), 0);
  }

  /**
   * Starts a counter-based (RFC 4226) URI.
   *
   * @param secret the shared key
   * @param counter the counter value of the app's first code, not negative (checked by {@link
   *     Builder#build()})
   * @return a builder with SHA-1 and 6 digits, which needs an issuer and an account
   */
  public static Builder hotp(Secret secret, long counter) {
    return new Builder(Type.HOTP, Objects.requireNonNull(secret, "secret"), counter);
  }

  /**
   * Reads an otpauth:// URI leniently: what issuers and writers get wrong harmlessly is accepted,
   * with a {@link Warning} for each kind of irregularity in {@link #warnings()}; what could give
   * wrong codes, lose a name or change its meaning is refused. Where independent readers agree on
   * something the Key Uri Format does not allow (otpauth and otplib on npm, pyotp), this parser
   * reads it as they do, with a warning.
   *
   * <p>Before anything else, a text longer than {@link #MAX_LENGTH} (2953) bytes of UTF-8, more
   * than any QR code holds, is refused.
   *
   * <p>Accepted, and read as follows:
   *
   * <ul>
   *   <li>Scheme and type in any case ({@code OTPAUTH://TOTP/}); only ASCII letters are folded.
   *       Upper case is a warning. Spaces, tabs and line breaks around the whole text are ignored
   *       (warning).
   *   <li>Percent-decoding is done by this parser on the raw text, as UTF-8, in the label and in
   *       parameter names and values; hex digits in either case. Characters that RFC 3986 wants
   *       encoded but that delimit nothing (a raw space, raw non-ASCII letters) are taken as they
   *       are (warning).
   *   <li>The label is split at its first {@code :} or {@code %3A}; spaces right after it, raw or
   *       {@code %20}, are skipped, as the Key Uri Format allows (no warning). A label without a
   *       separator is the account alone, spaces at its start skipped alike (written after an
   *       issuer, they would not read back); an empty prefix ({@code :alice}) is ignored (warning).
   *       A further {@code :} or {@code %3A} belongs to the account ({@code ACME:user%3A42} is
   *       account {@code user:42}), as otpauth, otplib and pyotp read it (warning).
   *   <li>{@code +} in the label is a plus sign, as RFC 3986 reads it and as Google Authenticator
   *       shows it; an account such as {@code alice+2fa@example.com} keeps it (warning, because a
   *       form-encoding writer meant a space). {@code +} in a query name or value is a space, as
   *       form encoding means it (warning).
   *   <li>The issuer is the {@code issuer} parameter. If the label prefix differs from it, the
   *       parameter wins, the prefix stays in {@link #labelPrefix()}, and a warning says so
   *       (Microsoft issues such URIs). Without the parameter, the prefix is the issuer (warning);
   *       without either there is no issuer (warning). An empty {@code issuer=} is ignored
   *       (warning).
   *   <li>The secret is read by {@link Secret#fromBase32(CharSequence)}: any case, spaces, hyphens
   *       and {@code =} padding, also escaped as {@code %3D} (each a warning). Secrets of 80 to 127
   *       bits are accepted (warning: FreeOTP refuses them).
   *   <li>Algorithm names as {@link Algorithm#fromName(String)} reads them: any case, with a dash
   *       or an {@code Hmac} prefix ({@code sha256}, {@code SHA-256}); anything but the upper-case
   *       name is a warning, because Google Authenticator honours only that.
   *   <li>{@code digits} from 6 to 10; 7, 9 and 10 are warnings (the Key Uri Format names 6 and 8).
   *       {@code period} from 1 to 86400 seconds.
   *   <li>The six known parameter names in any case ({@code Secret=}, warning). Unknown parameters,
   *       such as FreeOTP's {@code image}, are kept decoded and in order in {@link
   *       #extraParameters()}, up to {@link #MAX_EXTRA_PARAMETERS} (8); later ones are ignored, not
   *       even decoded (warning).
   *   <li>A hotp URI without {@code counter} has counter 0 (warning): Google Authenticator's export
   *       leaves out a zero counter, and pyotp and otplib read it so.
   *   <li>{@code counter} on a totp URI and {@code period} on a hotp URI mean nothing there and are
   *       ignored, whatever their value (warning).
   *   <li>Empty parameters ({@code &&}, a trailing {@code &}) and parameters without a name are
   *       ignored (warning); a parameter without {@code =} has an empty value. A fragment, from
   *       {@code #} on, is ignored (warning): a {@code #} inside a name must be written {@code
   *       %23}.
   * </ul>
   *
   * <p>Each kind of irregularity gives one {@link Warning}, with the index of its first occurrence
   * and the number of times it occurs, so that the warnings of any text are few.
   *
   * <p>Refused with an {@link InvalidOtpAuthUriException} whose {@linkplain
   * InvalidOtpAuthUriException#reason() reason} and {@linkplain InvalidOtpAuthUriException#index()
   * index} say what and where: a text over {@link #MAX_LENGTH} bytes; a scheme other than
   * otpauth://; a type other than totp or hotp; control characters, raw or percent-encoded, and
   * unpaired surrogates; a broken {@code %} escape; percent-escapes that are not well-formed UTF-8;
   * a label without an account name; a colon in the {@code issuer} parameter (it could not be told
   * from the label's separator); a parameter given twice (the known names compared in any case,
   * others exactly); a missing, empty or invalid secret, one under 80 bits or one over 1024 bits;
   * an unknown algorithm; {@code digits} or {@code period} out of range; for hotp, a negative or
   * malformed {@code counter}. Numbers are ASCII digits only: no sign, no spaces, no other scripts'
   * digits. Of several problems, the first in the text is reported; a missing secret is reported
   * after everything present was read.
   *
   * <p>{@link #toUriString()} writes a parsed URI in the conservative form of the class
   * description, so reading that text again gives a URI equal to this one except for the label
   * prefix, which becomes the issuer. An account with a colon, which the builder refuses, is
   * written with the colon as {@code %3A}, after an empty label prefix if there is no issuer, so
   * that it reads back the same. (The written text can be longer than the text read, because names
   * are percent-encoded and the issuer is written twice; one over {@link #MAX_LENGTH} does not read
   * back.)
   *
   * <p><b>Security note:</b> no exception message, warning or {@link #toString()} contains the
   * secret, nor the name of an unknown parameter (a stray {@code &} inside a secret turns the rest
   * of it into one); the text itself does, so do not log it when it is refused either.
   *
   * @param text the URI, for example the content of a scanned QR code
   * @return the URI read, with its warnings
   * @throws InvalidOtpAuthUriException if the text is not a usable otpauth:// URI
   */
  public static OtpAuthUri parse(String text) {
    return OtpAuthUriParser.parse(Objects.requireNonNull(text, "text"));
  }

  /**
   * Writes the URI, conservatively, as the class description says.
   *
   * <p>A URI that was read with a label prefix different from its {@code issuer} parameter is
   * written with the issuer in both places. <b>Security note:</b> the text contains the secret.
   *
   * @return for example {@code
   *     "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co"}
   */
  public String toUriString() {
    StringBuilder out = new StringBuilder(128).append("otpauth://").append(type.uriName());
    out.append('/');
    if (issuer != null) {
      PercentEncoding.append(out, issuer);
      out.append(':');
    } else if (account.indexOf(':') >= 0) {
      // A parsed account may hold a colon, written %3A; without an empty prefix before it, a
      // reader would take that %3A for the separator.
      out.append(':');
    }
    PercentEncoding.append(out, account);
    out.append("?secret=").append(secret.toBase32());
    if (issuer != null) {
      out.append("&issuer=");
      PercentEncoding.append(out, issuer);
    }
    if (algorithm != Algorithm.SHA1) {
      out.append("&algorithm=").append(algorithm.uriName());
    }
    if (digits != DEFAULT_DIGITS) {
      out.append("&digits=").append(digits);
    }
    if (type == Type.TOTP && periodSeconds != DEFAULT_PERIOD_SECONDS) {
      out.append("&period=").append(periodSeconds);
    }
    if (type == Type.HOTP) {
      out.append("&counter=").append(counter);
    }
    for (Map.Entry<String, String> parameter : extraParameters.entrySet()) {
      out.append('&');
      PercentEncoding.append(out, parameter.getKey());
      out.append('=');
      PercentEncoding.append(out, parameter.getValue());
    }
    return out.toString();
  }

  /**
   * Returns the TOTP policy this URI asks the app for: its algorithm, digits and period, with T0 at
   * the Unix epoch and the default window of {@link Totp#defaults()}.
   *
   * @return the policy to verify this credential's codes with
   * @throws IllegalStateException if this is an HOTP URI
   */
  public Totp toTotp() {
    requireType(Type.TOTP, "toTotp()");
    return Totp.builder()
        .algorithm(algorithm)
        .digits(digits)
        .period(Duration.ofSeconds(periodSeconds))
        .build();
  }

  /**
   * Returns the HOTP policy this URI asks the app for: its algorithm and digits, with the default
   * look-ahead of {@link Hotp#defaults()}.
   *
   * @return the policy to verify this credential's codes with
   * @throws IllegalStateException if this is a TOTP URI
   */
  public Hotp toHotp() {
    requireType(Type.HOTP, "toHotp()");
    return Hotp.builder().algorithm(algorithm).digits(digits).build();
  }

  /**
   * Returns whether codes are time- or counter-based.
   *
   * @return the type
   */
  public Type type() {
    return type;
  }

  /**
   * Returns the shared key.
   *
   * @return the secret
   */
  public Secret secret() {
    return secret;
  }

  /**
   * Returns the issuer: the service the account belongs to, which apps show above the account.
   * Always present in a built URI; a parsed URI takes it from the {@code issuer} parameter, or from
   * the label prefix when there is no parameter.
   *
   * @return the issuer, or empty if the URI names none
   */
  public Optional<String> issuer() {
    return Optional.ofNullable(issuer);
  }

  /**
   * Returns the label prefix (the part before the {@code :} of the label) as it was read. In a
   * built URI it is the issuer; in a parsed URI it may differ from {@link #issuer()}, in which case
   * {@link #warnings()} says so.
   *
   * @return the prefix, or empty if the label has none
   */
  public Optional<String> labelPrefix() {
    return Optional.ofNullable(labelPrefix);
  }

  /**
   * Returns the account name: the user's name or e-mail address at the issuer.
   *
   * @return the account, never empty
   */
  public String account() {
    return account;
  }

  /**
   * Returns the HMAC algorithm.
   *
   * @return the algorithm; SHA-1 unless the URI says otherwise
   */
  public Algorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the number of digits of a code.
   *
   * @return 6 to 10; 6 unless the URI says otherwise
   */
  public int digits() {
    return digits;
  }

  /**
   * Returns the length of a TOTP step.
   *
   * @return a whole number of seconds from 1 to 86400; 30 unless the URI says otherwise
   * @throws IllegalStateException if this is an HOTP URI, which has no period
   */
  public Duration period() {
    requireType(Type.TOTP, "period()");
    return Duration.ofSeconds(periodSeconds);
  }

  /**
   * Returns the counter value of the app's first HOTP code.
   *
   * @return the counter, not negative
   * @throws IllegalStateException if this is a TOTP URI, which has no counter
   */
  public long counter() {
    requireType(Type.HOTP, "counter()");
    return counter;
  }

  /**
   * Returns the parameters this class does not interpret itself, such as FreeOTP's {@code image},
   * decoded, in the order they were set or read.
   *
   * @return an unmodifiable map from name to value
   */
  public Map<String, String> extraParameters() {
    return extraParameters;
  }

  /**
   * Returns the irregularities that {@link #parse(String)} tolerated in the text it read: one
   * {@link Warning} per kind, in the order the parser first met them, each with the index of the
   * first occurrence and the number of occurrences. A built URI has none. Warnings never contain
   * the secret.
   *
   * @return an unmodifiable list, empty if the text was regular; never longer than the number of
   *     {@link Warning.Kind kinds}
   */
  public List<Warning> warnings() {
    return warnings;
  }

  private void requireType(Type expected, String method) {
    if (type != expected) {
      throw new IllegalStateException(
          method + " needs a " + expected.uriName() + " URI: this one is " + type.uriName());
    }
  }

  /**
   * Compares everything the URI says: type, secret (in constant time), issuer, label prefix,
   * account, algorithm, digits, period, counter and extra parameters (in any order). The warnings
   * are left out, so two spellings of the same URI are equal.
   *
   * @param other the object to compare with
   * @return {@code true} if {@code other} is an equal URI
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof OtpAuthUri that
        && type == that.type
        && secret.equals(that.secret)
        && Objects.equals(issuer, that.issuer)
        && Objects.equals(labelPrefix, that.labelPrefix)
        && account.equals(that.account)
        && algorithm == that.algorithm
        && digits == that.digits
        && periodSeconds == that.periodSeconds
        && counter == that.counter
        && extraParameters.equals(that.extraParameters);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        type,
        secret,
        issuer,
        labelPrefix,
        account,
        algorithm,
        digits,
        periodSeconds,
        counter,
        extraParameters);
  }

  /**
   * Describes the URI without the secret: the names (cut to a readable length), the settings, the
   * key length and the number of extra parameters. It does not show their names or values: a stray
   * {@code &} inside a secret turns the rest of it into the name of an unknown parameter.
   *
   * @return for example {@code OtpAuthUri[totp, issuer="ACME Co", account="alice@example.com",
   *     SHA1, 6 digits, period 30 s, secret 160 bits]}
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("OtpAuthUri[").append(type.uriName());
    if (issuer != null) {
      out.append(", issuer=").append(Ascii.quote(issuer));
    }
    if (labelPrefix != null && !labelPrefix.equals(issuer)) {
      out.append(", label prefix=").append(Ascii.quote(labelPrefix));
    }
    out.append(", account=").append(Ascii.quote(account));
    out.append(", ").append(algorithm).append(", ").append(digits).append(" digits");
    if (type == Type.TOTP) {
      out.append(", period ").append(periodSeconds).append(" s");
    } else {
      out.append(", counter ").append(counter);
    }
    out.append(", secret ").append(secret.byteLength() * 8).append(" bits");
    if (!extraParameters.isEmpty()) {
      int n = extraParameters.size();
      out.append(", ").append(n).append(n == 1 ? " extra parameter" : " extra parameters");
    }
    return out.append(']').toString();
  }

  /**
   * One kind of irregularity that {@link #parse(String)} tolerated: its {@link Kind}, where it
   * first occurs, how often, and an English sentence. A public type so that a host can act on a
   * kind (for example, refuse a URI whose label prefix and {@code issuer} disagree) without parsing
   * the sentence. Immutable; never contains the secret.
   */
  public static final class Warning {
    /** What the parser tolerated; each constant says what its {@link #index()} points at. */
    public enum Kind {
      /** Spaces, tabs or line breaks before or after the URI, ignored. Index of the first one. */
      SURROUNDING_WHITESPACE,
      /** The scheme not in lower case ({@code OTPAUTH://}). Index of the scheme. */
      SCHEME_CASE,
      /** The type not in lower case ({@code TOTP}). Index of the type. */
      TYPE_CASE,
      /** A fragment, from {@code #} on, ignored. Index of the {@code #}. */
      FRAGMENT,
      /**
       * A character that RFC 3986 wants percent-encoded but that delimits nothing (a raw space, a
       * raw non-ASCII letter), taken as it is. Index of the character.
       */
      UNENCODED_CHARACTER,
      /**
       * A {@code +} in the label, kept as a plus sign as RFC 3986 reads it; a form-encoding writer
       * meant a space. Index of the {@code +}.
       */
      PLUS_IN_LABEL,
      /** A {@code +} in a query name or value, read as a space. Index of the {@code +}. */
      PLUS_AS_SPACE,
      /** An empty issuer before the label's separator ({@code :alice}), ignored. Index of it. */
      EMPTY_LABEL_PREFIX,
      /**
       * A further {@code :} or {@code %3A} after the label's separator, kept in the account, as
       * otpauth, otplib and pyotp read it. Index of that colon.
       */
      COLON_IN_ACCOUNT,
      /**
       * An empty parameter ({@code &&}, a trailing {@code &}), ignored. Index where it would be.
       */
      EMPTY_PARAMETER,
      /** A parameter without a name ({@code &=x}), ignored. Index of the parameter. */
      NAMELESS_PARAMETER,
      /** A known parameter name not in lower case ({@code Secret=}). Index of the name. */
      PARAMETER_NAME_CASE,
      /**
       * More than {@link #MAX_EXTRA_PARAMETERS} unknown parameters; the later ones are ignored.
       * Index of the first one ignored.
       */
      TOO_MANY_PARAMETERS,
      /** {@code =} padding after the secret, ignored. Index of the first {@code =}. */
      SECRET_PADDING,
      /** Lower-case letters, spaces or hyphens in the secret. Index of the first. */
      SECRET_SPELLING,
      /** A secret under the 128 bits RFC 4226 requires; FreeOTP refuses it. Index of the value. */
      WEAK_SECRET,
      /**
       * An algorithm name other than {@code SHA1}, {@code SHA256} or {@code SHA512} read leniently
       * ({@code sha256}, {@code SHA-256}). Index of the value.
       */
      ALGORITHM_SPELLING,
      /** 7, 9 or 10 digits: the Key Uri Format names 6 and 8. Index of the value. */
      UNUSUAL_DIGITS,
      /**
       * A {@code counter} in a totp URI or a {@code period} in a hotp URI, ignored. Index of the
       * value.
       */
      IGNORED_PARAMETER,
      /** A hotp URI without {@code counter}, read as counter 0. Index of the end of the query. */
      MISSING_COUNTER,
      /** An empty {@code issuer} parameter, ignored. Index of its value. */
      EMPTY_ISSUER,
      /**
       * A label prefix that differs from the {@code issuer} parameter; the parameter wins. Index of
       * the label.
       */
      ISSUER_MISMATCH,
      /** No {@code issuer} parameter; the label prefix is the issuer. Index of the label. */
      ISSUER_FROM_LABEL,
      /** No issuer at all; apps show the account alone. Index of the label. */
      NO_ISSUER
    }

    private final Kind kind;
    private final int index;
    private final int count;
    private final String message;

    Warning(Kind kind, int index, int count, String message) {
      this.kind = kind;
      this.index = index;
      this.count = count;
      this.message = message;
    }

    /**
     * Returns what was tolerated.
     *
     * @return the kind
     */
    public Kind kind() {
      return kind;
    }

    /**
     * Returns the index in the text of the first occurrence; each {@link Kind} says what it points
     * at.
     *
     * @return a zero-based index from 0 to the length of the text
     */
    public int index() {
      return index;
    }

    /**
     * Returns how many times this kind of irregularity occurs in the text.
     *
     * @return at least 1
     */
    public int count() {
      return count;
    }

    /**
     * Returns one English sentence about the first occurrence, with the number of occurrences if
     * there are several, for example {@code "issuer: '+' at index 61 read as a space (form
     * encoding); RFC 3986 writers use %20"}.
     *
     * @return the sentence, without the secret
     */
    public String message() {
      return message;
    }

    /**
     * Compares kind, index, count and message.
     *
     * @param other the object to compare with
     * @return {@code true} if {@code other} is an equal warning
     */
    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Warning that
          && kind == that.kind
          && index == that.index
          && count == that.count
          && message.equals(that.message);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, index, count, message);
    }

    /**
     * Returns the kind and the message.
     *
     * @return for example {@code "PLUS_AS_SPACE: issuer: '+' at index 61 read as a space (form
     *     encoding); RFC 3986 writers use %20"}
     */
    @Override
    public String toString() {
      return kind + ": " + message;
    }
  }

  /**
   * Builds an {@link OtpAuthUri}; everything is checked once, in {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private final Type type;
    private final Secret secret;
    private final long counter;
    private @Nullable String issuer;
    private @Nullable String account;
    private Algorithm algorithm = Algorithm.SHA1;
    private int digits = DEFAULT_DIGITS;
    private @Nullable Duration period;
    private final Map<String, String> extraParameters = new LinkedHashMap<>();

    private Builder(Type type, Secret secret, long counter) {
      this.type = type;
      this.secret = secret;
      this.counter = counter;
    }

    /**
     * Sets the issuer, the name of the service that apps show above the account, for example {@code
     * "ACME Co"}. Required: without it, apps list the credential under the account name alone, and
     * a user with accounts at several services cannot tell them apart.
     *
     * <p>It must not be empty, contain a colon (it separates issuer and account in the label),
     * contain control characters or unpaired surrogates, or start or end with whitespace. Anything
     * else is fine: spaces, {@code @ & = % # ? + /}, any script, emoji.
     *
     * @param issuer the issuer
     * @return this builder
     */
    public Builder issuer(String issuer) {
      this.issuer = Objects.requireNonNull(issuer, "issuer");
      return this;
    }

    /**
     * Sets the account name, for example {@code "alice@example.com"}. Required, with the same rules
     * as {@link #issuer(String)}.
     *
     * @param account the account name
     * @return this builder
     */
    public Builder account(String account) {
      this.account = Objects.requireNonNull(account, "account");
      return this;
    }

    /**
     * Sets the HMAC algorithm. Default SHA-1, the only one every app honours: several apps ignore
     * any other and show wrong codes without a word; see {@link AppCompatibility}.
     *
     * @param algorithm the algorithm
     * @return this builder
     */
    public Builder algorithm(Algorithm algorithm) {
      this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
      return this;
    }

    /**
     * Sets the number of digits of a code: 6 to 10. Default 6; the Key Uri Format names 6 and 8.
     *
     * @param digits the number of digits
     * @return this builder
     */
    public Builder digits(int digits) {
      this.digits = digits;
      return this;
    }

    /**
     * Sets the length of a TOTP step: a whole number of seconds from 1 to 86400. Default 30
     * seconds. Not allowed for HOTP.
     *
     * @param period the period
     * @return this builder
     */
    public Builder period(Duration period) {
      this.period = Objects.requireNonNull(period, "period");
      return this;
    }

    /**
     * Adds a parameter that this class does not interpret, such as FreeOTP's {@code image} (the
     * address of a logo). Parameters are written after the others, in the order first set; setting
     * a name again replaces its value. The name must not be empty or one of {@code secret, issuer,
     * algorithm, digits, period, counter} in any case, and neither name nor value may contain
     * control characters or unpaired surrogates. At most {@link #MAX_EXTRA_PARAMETERS} (8) names,
     * as many as {@link #parse(String)} keeps.
     *
     * @param name the parameter name
     * @param value the parameter value, written percent-encoded
     * @return this builder
     */
    public Builder parameter(String name, String value) {
      extraParameters.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Checks everything and builds the URI.
     *
     * @return the URI
     * @throws IllegalStateException if the issuer or the account was not set, or a period was set
     *     for HOTP
     * @throws IllegalArgumentException if the issuer or the account is empty, contains a colon, a
     *     control character or an unpaired surrogate, or starts or ends with whitespace; if the
     *     digits are outside 6 to 10, the period is not a whole number of seconds from 1 to 86400,
     *     the HOTP counter is negative, or an extra parameter breaks the rules of {@link
     *     #parameter(String, String)}; if the URI would be written longer than {@link #MAX_LENGTH}
     *     characters, more than a QR code holds and more than {@link #parse(String)} reads
     */
    public OtpAuthUri build() {
      String checkedIssuer = checkName("issuer", issuer);
      String checkedAccount = checkName("account", account);
      Checks.digits(digits);
      long periodSeconds = 0;
      if (type == Type.TOTP) {
        periodSeconds = period == null ? DEFAULT_PERIOD_SECONDS : checkPeriod(period);
      } else if (period != null) {
        throw new IllegalStateException("period is only for totp URIs: " + period);
      }
      if (counter < 0) {
        throw new IllegalArgumentException("counter must not be negative: " + counter);
      }
      for (Map.Entry<String, String> parameter : extraParameters.entrySet()) {
        checkParameter(parameter.getKey(), parameter.getValue());
      }
      if (extraParameters.size() > MAX_EXTRA_PARAMETERS) {
        throw new IllegalArgumentException(
            "extra parameters must be at most "
                + MAX_EXTRA_PARAMETERS
                + ": "
                + extraParameters.size());
      }
      OtpAuthUri uri =
          new OtpAuthUri(
              type,
              secret,
              checkedIssuer,
              checkedIssuer,
              checkedAccount,
              algorithm,
              digits,
              periodSeconds,
              type == Type.HOTP ? counter : 0,
              extraParameters,
              List.of());
      int length = uri.toUriString().length();
      if (length > MAX_LENGTH) {
        throw new IllegalArgumentException(
            "otpauth URI must be at most "
                + MAX_LENGTH
                + " characters, what a QR code holds: "
                + length
                + " with these names and parameters");
      }
      return uri;
    }

    private static String checkName(String what, @Nullable String name) {
      if (name == null) {
        throw new IllegalStateException(what + " must be set");
      }
      if (name.isEmpty()) {
        throw new IllegalArgumentException(what + " must not be empty");
      }
      int colon = name.indexOf(':');
      if (colon >= 0) {
        throw new IllegalArgumentException(
            what
                + " must not contain ':', which separates issuer and account in the label: "
                + Ascii.quote(name)
                + " has one at index "
                + colon);
      }
      checkCharacters(what, name);
      if (isBlank(name.codePointAt(0)) || isBlank(name.codePointBefore(name.length()))) {
        throw new IllegalArgumentException(
            what + " must not start or end with whitespace: " + Ascii.quote(name));
      }
      return name;
    }

    private static void checkParameter(String name, String value) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("parameter name must not be empty");
      }
      if (KNOWN_PARAMETERS.contains(Ascii.toLowerCase(name))) {
        throw new IllegalArgumentException(
            "parameter name must not be one of "
                + String.join(", ", KNOWN_PARAMETERS)
                + " (use the builder's own method): "
                + Ascii.quote(name));
      }
      checkCharacters("parameter name", name);
      checkCharacters("parameter " + Ascii.quote(name), value);
    }

    private static void checkCharacters(String what, String text) {
      for (int i = 0; i < text.length(); ) {
        int c = text.codePointAt(i);
        if (Character.getType(c) == Character.CONTROL) {
          throw new IllegalArgumentException(
              what
                  + " must not contain control characters: "
                  + Ascii.describe(c)
                  + " at index "
                  + i);
        }
        if (Character.isSurrogate((char) c)) {
          throw new IllegalArgumentException(
              what
                  + " must not contain unpaired surrogates: "
                  + Ascii.describe(c)
                  + " at index "
                  + i);
        }
        i += Character.charCount(c);
      }
    }

    private static boolean isBlank(int c) {
      return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static long checkPeriod(Duration period) {
      if (period.toNanosPart() != 0
          || period.compareTo(Duration.ofSeconds(MIN_PERIOD_SECONDS)) < 0
          || period.compareTo(Duration.ofSeconds(MAX_PERIOD_SECONDS)) > 0) {
        throw new IllegalArgumentException(
            "period must be a whole number of seconds from "
                + MIN_PERIOD_SECONDS
                + " to "
                + MAX_PERIOD_SECONDS
                + ": "
                + period);
      }
      return period.toSeconds();
    }
  }
}
