package dev.twofactor;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The stored form of a set of recovery codes: one salt, an iteration count, and the PBKDF2-HMAC-
 * SHA256 hash of each unused code, encoded as {@code pbkdf2-sha256:<iterations>:<salt>:<hash>,...}
 * with unpadded Base64.
 *
 * <p>A code is 12 characters of Crockford's Base32 alphabet (60 random bits), shown in groups of
 * four ({@code 7kq2-m9xa-b3rt}). One salt per set, not per code, so that redeeming a code costs one
 * PBKDF2 computation however many codes are left; the codes are random, so a shared salt gives an
 * attacker nothing to reuse across them, and it still differs between sets and accounts.
 */
final class RecoveryCodeSet {
  static final String SCHEME = "pbkdf2-sha256";
  static final int CODE_CHARS = 12;
  static final int BITS_PER_CODE = CODE_CHARS * 5;
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;
  static final int MAX_ITERATIONS = 100_000_000;

  private static final String PREFIX = SCHEME + ":";
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final int GROUP = 4;
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private final int iterations;
  private final byte[] salt;
  private final byte[][] hashes;

  private RecoveryCodeSet(int iterations, byte[] salt, byte[][] hashes) {
    this.iterations = iterations;
    this.salt = salt;
    this.hashes = hashes;
  }

  /** Hashes freshly generated codes, in their normalized form, into a new set. */
  static RecoveryCodeSet create(char[][] normalizedCodes, int iterations, SecureRandom random) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[][] hashes = new byte[normalizedCodes.length][];
    for (int i = 0; i < normalizedCodes.length; i++) {
      hashes[i] = pbkdf2(normalizedCodes[i], salt, iterations);
    }
    return new RecoveryCodeSet(iterations, salt, hashes);
  }

  /**
   * Reads the stored form, refusing an iteration count outside {@code [1,000, maxIterations]}: a
   * count below the policy's floor would make the hashes cheap to search, one far above it would
   * make each attempt a denial of service.
   *
   * @throws IllegalArgumentException with a message that never contains the text
   */
  static RecoveryCodeSet parse(String text, int maxIterations) {
    RecoveryCodeSet set = parse(text);
    if (set.iterations < RecoveryCodePolicy.MIN_ITERATIONS || set.iterations > maxIterations) {
      throw new IllegalArgumentException(
          "iterations must be between "
              + RecoveryCodePolicy.MIN_ITERATIONS
              + " and "
              + maxIterations
              + ", four times the policy's: "
              + set.iterations);
    }
    return set;
  }

  /**
   * Reads the stored form.
   *
   * @throws IllegalArgumentException with a message that never contains the text
   */
  static RecoveryCodeSet parse(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("must start with \"" + PREFIX + "\"");
    }
    String[] parts = text.substring(PREFIX.length()).split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "must be "
              + PREFIX
              + "<iterations>:<salt>:<hashes>, with 4 parts separated by ':': "
              + (parts.length + 1)
              + " parts");
    }
    int iterations = parseIterations(parts[0]);
    byte[] salt = decode(parts[1], "salt");
    if (salt.length < SALT_BYTES) {
      throw new IllegalArgumentException(
          "salt must be at least " + SALT_BYTES + " bytes: " + salt.length);
    }
    String[] encoded = parts[2].isEmpty() ? new String[0] : parts[2].split(",", -1);
    byte[][] hashes = new byte[encoded.length][];
    for (int i = 0; i < encoded.length; i++) {
      hashes[i] = decode(encoded[i], "hash " + (i + 1));
      if (hashes[i].length != HASH_BYTES) {
        throw new IllegalArgumentException(
            "hash " + (i + 1) + " must be " + HASH_BYTES + " bytes: " + hashes[i].length);
      }
    }
    return new RecoveryCodeSet(iterations, salt, hashes);
  }

  private static int parseIterations(String text) {
    boolean digits = !text.isEmpty() && text.length() <= 9;
    for (int i = 0; digits && i < text.length(); i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    int value = digits ? Integer.parseInt(text) : 0;
    if (value < 1 || value > MAX_ITERATIONS) {
      throw new IllegalArgumentException(
          "iterations must be an ASCII decimal integer between 1 and " + MAX_ITERATIONS);
    }
    return value;
  }

  private static byte[] decode(String text, String what) {
    try {
      return DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " must be Base64", e);
    }
  }

  /** Returns the stored form. */
  String encode() {
    StringBuilder s = new StringBuilder(PREFIX);
    s.append(iterations).append(':').append(ENCODER.encodeToString(salt)).append(':');
    for (int i = 0; i < hashes.length; i++) {
      if (i > 0) {
        s.append(',');
      }
      s.append(ENCODER.encodeToString(hashes[i]));
    }
    return s.toString();
  }

  /** Returns the number of unused codes. */
  int size() {
    return hashes.length;
  }

  /** Hashes a normalized code with this set's salt and iterations: one PBKDF2 computation. */
  byte[] hash(char[] normalizedCode) {
    return pbkdf2(normalizedCode, salt, iterations);
  }

  /**
   * Computes one hash for nothing, as long as a real one takes: an account without recovery codes
   * answers in the time of one with them, so that timing does not tell them apart.
   */
  static void hashForNothing(char[] normalizedCode, int iterations) {
    pbkdf2(normalizedCode, new byte[SALT_BYTES], iterations);
  }

  /** Tells whether a hash was computed with the same salt and iterations as this set's. */
  boolean sameParameters(RecoveryCodeSet other) {
    return iterations == other.iterations && Arrays.equals(salt, other.salt);
  }

  /**
   * Returns the index of the code with this hash, or -1; every stored hash is compared, each in
   * constant time.
   */
  int indexOf(byte[] hash) {
    int found = -1;
    for (int i = 0; i < hashes.length; i++) {
      if (MessageDigest.isEqual(hashes[i], hash) && found < 0) {
        found = i;
      }
    }
    return found;
  }

  /** Returns the set without the code at {@code index}, or {@code null} if none is left. */
  @Nullable RecoveryCodeSet without(int index) {
    if (hashes.length == 1) {
      return null;
    }
    byte[][] rest = new byte[hashes.length - 1][];
    for (int i = 0, j = 0; i < hashes.length; i++) {
      if (i != index) {
        rest[j++] = hashes[i];
      }
    }
    return new RecoveryCodeSet(iterations, salt, rest);
  }

  /** Returns the stored form without the code at {@code index}, or {@code null} if none is left. */
  @Nullable String encodeWithout(int index) {
    if (hashes.length == 1) {
      return null;
    }
    byte[][] rest = new byte[hashes.length - 1][];
    for (int i = 0, j = 0; i < hashes.length; i++) {
      if (i != index) {
        rest[j++] = hashes[i];
      }
    }
    return new RecoveryCodeSet(iterations, salt, rest).encode();
  }

  /** Returns a new random code, grouped for reading: {@code 7kq2-m9xa-b3rt}. */
  static String generateCode(SecureRandom random) {
    long bits = random.nextLong();
    StringBuilder s = new StringBuilder(CODE_CHARS + CODE_CHARS / GROUP);
    for (int i = 0; i < CODE_CHARS; i++) {
      if (i > 0 && i % GROUP == 0) {
        s.append('-');
      }
      s.append(ALPHABET[(int) (bits >>> (5 * i)) & 31]);
    }
    return s.toString();
  }

  /**
   * Reads a code as typed: case is ignored, and so are hyphens and spaces anywhere; {@code o} is
   * read as {@code 0} and {@code i} and {@code l} as {@code 1}, as Crockford's Base32 specifies.
   * Only ASCII letters are folded, so no default locale changes the reading.
   *
   * @return the 12 normalized characters, or {@code null} if the input is not a code
   */
  static char @Nullable [] normalize(CharSequence code) {
    char[] chars = new char[CODE_CHARS];
    int count = 0;
    for (int i = 0; i < code.length(); i++) {
      char c = code.charAt(i);
      if (c == '-' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        continue;
      }
      char lower = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
      char canonical =
          switch (lower) {
            case 'o' -> '0';
            case 'i', 'l' -> '1';
            default -> lower;
          };
      if (Arrays.binarySearch(ALPHABET, canonical) < 0 || count == CODE_CHARS) {
        Arrays.fill(chars, '\0');
        return null;
      }
      chars[count++] = canonical;
    }
    if (count != CODE_CHARS) {
      Arrays.fill(chars, '\0');
      return null;
    }
    return chars;
  }

  private static byte[] pbkdf2(char[] code, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(code, salt, iterations, HASH_BYTES * 8);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
