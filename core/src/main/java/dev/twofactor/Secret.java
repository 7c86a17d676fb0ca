package dev.twofactor;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.jspecify.annotations.Nullable;

/**
 * The key shared between the server and an authenticator app.
 *
 * <p>A secret is immutable and thread-safe. It is generated with at least 128 bits ({@link
 * #generate()} gives the 160 bits that RFC 4226 §4 recommends) or imported from the Base32 text
 * that authenticator apps and otpauth:// URIs use. Imported secrets of 80 bits and more are
 * accepted, because real issuers still hand out 16-character keys, and {@link #isWeak()} tells when
 * one is under the 128 bits RFC 4226 requires. Imported secrets may have at most 1024 bits (128
 * bytes).
 *
 * <p><b>Security note:</b> the key leaves this object only through {@link #copyBytes()}, {@link
 * #toBase32()} and {@link #toGroupedBase32()}; {@link #toString()} shows the length and nothing
 * else, and no exception message contains the key. {@link #equals(Object)} compares in constant
 * time and {@link #hashCode()} depends only on the length. To avoid keying an HMAC on every code, a
 * thread that computes codes keeps a reference to the key of the last secret it used until it uses
 * another one.
 */
public final class Secret {
  /** Bytes of a generated secret: 160 bits, RFC 4226 §4 R6. */
  static final int DEFAULT_BYTES = 20;

  /** Fewest bytes of a generated secret: 128 bits, RFC 4226 §4 R6. */
  static final int MIN_GENERATED_BYTES = 16;

  /** Most bytes of a generated secret: the HMAC block of SHA-512; longer keys are hashed. */
  static final int MAX_GENERATED_BYTES = 64;

  /** Fewest bytes of an imported secret: 80 bits, what 16 Base32 characters carry. */
  static final int MIN_IMPORTED_BYTES = 10;

  /** Fewest Base32 characters of an imported secret. */
  static final int MIN_IMPORTED_CHARACTERS = 16;

  /**
   * Most bytes of an imported secret: 1024 bits, twice the HMAC block of SHA-512 (a longer HMAC key
   * is hashed down to the digest's length anyway). A limit bounds the work and memory that outside
   * input can cost.
   */
  static final int MAX_IMPORTED_BYTES = 128;

  /** Most Base32 characters of an imported secret: 205 carry 1024 bits and 4 unused ones. */
  static final int MAX_IMPORTED_CHARACTERS = (MAX_IMPORTED_BYTES * 8 + 4) / 5;

  /**
   * Commons Codec's Base32, starting from a buffer for keys rather than its default 8 KiB, which
   * made every {@link #fromBase32} allocate 8 KiB and spend most of its time clearing them. The
   * buffer still grows for longer input.
   */
  private static final Base32 BASE32 =
      new Base32() {
        @Override
        protected int getDefaultBufferSize() {
          return 2 * MAX_GENERATED_BYTES;
        }
      };

  private final byte[] key;

  /** One key object per algorithm, created when first needed; see {@link #macKey}. */
  private final @Nullable SecretKeySpec[] macKeys = new SecretKeySpec[Algorithm.values().length];

  private Secret(byte[] key) {
    this.key = key;
  }

  /**
   * Generates a new 160-bit secret from a shared, strong {@link SecureRandom} (a SHA-256 Hash_DRBG
   * seeded by the operating system).
   *
   * @return a new secret
   */
  public static Secret generate() {
    return generate(DEFAULT_BYTES, Drbg.INSTANCE);
  }

  /**
   * Generates a new secret of the given length from the given source of randomness.
   *
   * @param byteLength the length in bytes, 16 (128 bits, RFC 4226's minimum) to 64
   * @param random a cryptographically strong random source
   * @return a new secret
   * @throws IllegalArgumentException if {@code byteLength} is outside 16 to 64
   */
  public static Secret generate(int byteLength, SecureRandom random) {
    Objects.requireNonNull(random, "random");
    if (byteLength < MIN_GENERATED_BYTES || byteLength > MAX_GENERATED_BYTES) {
      throw new IllegalArgumentException(
          "byteLength must be between "
              + MIN_GENERATED_BYTES
              + " and "
              + MAX_GENERATED_BYTES
              + " (bytes, not bits): "
              + byteLength);
    }
    byte[] key = new byte[byteLength];
    random.nextBytes(key);
    return new Secret(key);
  }

  /**
   * Creates a secret from raw key bytes, which are copied.
   *
   * @param key the key, 10 to 128 bytes (80 to 1024 bits)
   * @return the secret
   * @throws IllegalArgumentException if the key is shorter than 10 bytes or longer than 128
   */
  public static Secret fromBytes(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_IMPORTED_BYTES) {
      throw new IllegalArgumentException(
          "key must be at least " + MIN_IMPORTED_BYTES + " bytes (80 bits): " + key.length);
    }
    if (key.length > MAX_IMPORTED_BYTES) {
      throw new IllegalArgumentException(
          "key must be at most " + MAX_IMPORTED_BYTES + " bytes (1024 bits): " + key.length);
    }
    return new Secret(key.clone());
  }

  /**
   * Reads a secret from its Base32 text (RFC 4648 §6), as shown by an issuer or carried in an
   * otpauth:// URI.
   *
   * <p>Lenient where people and issuers differ harmlessly: letters in any case; spaces, tabs and
   * hyphens anywhere (grouped keys such as {@code "JBSW Y3DP EHPK 3PXP"}); trailing {@code =}
   * padding or none; and non-zero unused bits in the last character, which generators that pick
   * random Base32 characters leave behind. Strict otherwise: any other character, data after
   * padding, a length that no byte string encodes to (1, 3 or 6 characters more than a multiple of
   * 8), keys under 80 bits and keys over 1024 bits (205 Base32 characters; reading stops at the
   * 206th) are refused.
   *
   * @param text the Base32 text
   * @return the secret
   * @throws InvalidSecretException if the text is not a Base32 key of 80 to 1024 bits; its {@link
   *     InvalidSecretException#reason() reason}, {@link InvalidSecretException#index() index} and
   *     message say why and where, never what the key is
   */
  public static Secret fromBase32(CharSequence text) {
    Objects.requireNonNull(text, "text");
    byte[] data = new byte[Math.min(text.length(), MAX_IMPORTED_CHARACTERS)];
    int count = 0;
    int firstPadding = -1;
    int lastData = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t' || c == '-') {
        continue;
      }
      if (c == '=') {
        if (firstPadding < 0) {
          firstPadding = i;
        }
        continue;
      }
      char upper = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
      if (!(upper >= 'A' && upper <= 'Z') && !(upper >= '2' && upper <= '7')) {
        Arrays.fill(data, (byte) 0);
        throw InvalidSecretException.invalidCharacter(i, Character.codePointAt(text, i));
      }
      if (firstPadding >= 0) {
        Arrays.fill(data, (byte) 0);
        throw InvalidSecretException.dataAfterPadding(i, firstPadding);
      }
      if (count == MAX_IMPORTED_CHARACTERS) {
        Arrays.fill(data, (byte) 0);
        throw InvalidSecretException.tooLong(i);
      }
      data[count++] = (byte) upper;
      lastData = i;
    }
    try {
      if (count == 0) {
        throw InvalidSecretException.noData();
      }
      int remainder = count % 8;
      if (remainder == 1 || remainder == 3 || remainder == 6) {
        throw InvalidSecretException.invalidLength(lastData, count);
      }
      int bytes = count * 5 / 8;
      if (bytes < MIN_IMPORTED_BYTES) {
        throw InvalidSecretException.tooShort(bytes * 8);
      }
      // Commons Codec skips characters outside its alphabet silently; every character here has
      // been checked above, and its lenient policy discards the unused bits of the last one.
      byte[] exact = count == data.length ? data : Arrays.copyOf(data, count);
      try {
        return new Secret(BASE32.decode(exact));
      } finally {
        Arrays.fill(exact, (byte) 0);
      }
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /**
   * Returns the key as upper-case Base32 without padding, the form otpauth:// URIs carry.
   *
   * @return the Base32 text, for example {@code "JBSWY3DPEHPK3PXP"}
   */
  public String toBase32() {
    String padded = BASE32.encodeToString(key);
    int end = padded.indexOf('=');
    return end < 0 ? padded : padded.substring(0, end);
  }

  /**
   * Returns the key as upper-case Base32 in groups of four, for typing into an app by hand.
   *
   * @return the grouped text, for example {@code "JBSW Y3DP EHPK 3PXP"}
   */
  public String toGroupedBase32() {
    String plain = toBase32();
    StringBuilder grouped = new StringBuilder(plain.length() + plain.length() / 4);
    for (int i = 0; i < plain.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        grouped.append(' ');
      }
      grouped.append(plain.charAt(i));
    }
    return grouped.toString();
  }

  /**
   * Returns a copy of the raw key bytes.
   *
   * @return a new array holding the key
   */
  public byte[] copyBytes() {
    return key.clone();
  }

  /**
   * Returns the length of the key in bytes.
   *
   * @return the byte length, at least 10
   */
  public int byteLength() {
    return key.length;
  }

  /**
   * Tells whether the key is shorter than the 128 bits that RFC 4226 §4 requires. Such keys are
   * accepted on import, because issuers still create them, but a new secret should never be one.
   *
   * @return {@code true} if the key has fewer than 128 bits
   */
  public boolean isWeak() {
    return key.length < MIN_GENERATED_BYTES;
  }

  /** Returns this key for the given HMAC, created once per algorithm and then reused. */
  @SuppressWarnings("EnumOrdinal") // an array indexed by ordinal: no map lookup per code
  SecretKeySpec macKey(Algorithm algorithm) {
    int i = algorithm.ordinal();
    SecretKeySpec spec = macKeys[i];
    if (spec == null) {
      // A racing thread may create a second, equal spec; SecretKeySpec's final fields make
      // publishing it through the array safe.
      spec = new SecretKeySpec(key, algorithm.macAlgorithm());
      macKeys[i] = spec;
    }
    return spec;
  }

  /**
   * Compares the keys in constant time.
   *
   * @param other the object to compare with
   * @return {@code true} if {@code other} is a secret with the same key
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Secret that && MessageDigest.isEqual(key, that.key);
  }

  /**
   * Returns a hash code that depends only on the key's length, so that it reveals nothing about the
   * key.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return key.length;
  }

  /**
   * Returns the length of the key and nothing else, for example {@code "Secret[160 bits]"}.
   *
   * @return a description without the key
   */
  @Override
  public String toString() {
    return "Secret[" + key.length * 8 + " bits]";
  }
}
