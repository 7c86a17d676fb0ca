package dev.twofactor;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * One thread's HMAC for one algorithm, with the RFC 4226 §5.3 dynamic truncation.
 *
 * <p>{@code Mac.getInstance} is slow and a {@code Mac} is not thread-safe, so each thread keeps one
 * per algorithm, keyed with the last secret it used: computing the codes of a verification window
 * keys the HMAC once, and a thread that keeps using one secret never re-keys it. Nothing on the
 * per-code path allocates.
 */
final class Hmac {
  private static final ThreadLocal<Hmac> SHA1 =
      ThreadLocal.withInitial(() -> new Hmac(Algorithm.SHA1));
  private static final ThreadLocal<Hmac> SHA256 =
      ThreadLocal.withInitial(() -> new Hmac(Algorithm.SHA256));
  private static final ThreadLocal<Hmac> SHA512 =
      ThreadLocal.withInitial(() -> new Hmac(Algorithm.SHA512));

  private final Algorithm algorithm;
  private final Mac mac;
  private final byte[] counter = new byte[8];
  private final byte[] output;
  private @Nullable SecretKeySpec currentKey;

  private Hmac(Algorithm algorithm) {
    this.algorithm = algorithm;
    try {
      this.mac = Mac.getInstance(algorithm.macAlgorithm());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm.macAlgorithm() + " is missing from this JDK", e);
    }
    this.output = new byte[mac.getMacLength()];
  }

  /** Returns the per-thread HMAC of the given algorithm. */
  static ThreadLocal<Hmac> perThread(Algorithm algorithm) {
    return switch (algorithm) {
      case SHA1 -> SHA1;
      case SHA256 -> SHA256;
      case SHA512 -> SHA512;
    };
  }

  /**
   * Returns the 31-bit value that RFC 4226 §5.3 truncates HMAC(secret, counter) to; the code is
   * this value modulo a power of ten.
   */
  @SuppressWarnings("ReferenceEquality") // the same key object means this Mac is keyed already
  int truncate(Secret secret, long movingFactor) {
    SecretKeySpec key = secret.macKey(algorithm);
    if (key != currentKey) {
      currentKey = null;
      try {
        mac.init(key);
      } catch (InvalidKeyException e) {
        throw new IllegalStateException(algorithm.macAlgorithm() + " refused a raw key", e);
      }
      currentKey = key;
    }
    for (int i = 7; i >= 0; i--) {
      counter[i] = (byte) movingFactor;
      movingFactor >>>= 8;
    }
    mac.update(counter);
    try {
      mac.doFinal(output, 0);
    } catch (ShortBufferException e) {
      throw new AssertionError("output holds the whole MAC", e);
    }
    // The offset is the low nibble of the last byte, whatever the MAC length: RFC 4226 §5.4
    // writes hmac_result[19] only because SHA-1 has 20 bytes (RFC 6238 §1.2 and Appendix A).
    int offset = output[output.length - 1] & 0x0f;
    return (output[offset] & 0x7f) << 24
        | (output[offset + 1] & 0xff) << 16
        | (output[offset + 2] & 0xff) << 8
        | (output[offset + 3] & 0xff);
  }

  /**
   * Looks for the code in the window around {@code centre}: the centre first, then one behind, one
   * ahead, two behind, two ahead and so on. The matched step is not a secret, so the search stops
   * at the first match a caller may accept; each comparison is constant-time.
   *
   * @param code the value of the code typed, already parsed
   * @param lastUsed the highest step already accepted; a match at or below it is a replay
   */
  Verification search(
      Secret secret, long code, long modulus, long centre, int behind, int ahead, long lastUsed) {
    boolean replayed = false;
    int widest = Math.max(behind, ahead);
    for (int distance = 0; distance <= widest; distance++) {
      for (int side = 0; side < 2; side++) {
        boolean isBehind = side == 0;
        if (isBehind ? distance > behind : (distance == 0 || distance > ahead)) {
          continue;
        }
        long step = isBehind ? centre - distance : centre + distance;
        if (step < 0) {
          continue; // before T0, or a counter past Long.MAX_VALUE
        }
        long expected = truncate(secret, step) % modulus;
        if ((expected ^ code) == 0) {
          if (step > lastUsed) {
            return Verification.accepted(step, step - centre);
          }
          replayed = true;
        }
      }
    }
    return replayed ? Verification.REPLAYED : Verification.MISMATCH;
  }

  /**
   * Looks for two consecutive codes, {@code code} at a step <i>s</i> and {@code next} at <i>s</i> +
   * 1, with both steps within {@code range} of {@code centre} and after {@code lastUsed}; from the
   * centre outwards, as {@link #search} does. Resynchronisation (RFC 4226 §7.4): one code alone is
   * never enough here.
   *
   * @return <i>s</i>; or -2 if the only pairs that match were used already; or -1 if no pair
   *     matches
   */
  long searchPair(
      Secret secret, long code, long next, long modulus, long centre, int range, long lastUsed) {
    boolean replayed = false;
    for (int distance = 0; distance <= range; distance++) {
      for (int side = 0; side < 2; side++) {
        if (side == 1 && distance == 0) {
          continue;
        }
        long step = side == 0 ? centre - distance : centre + distance;
        if (step < 0 || step + 1 > centre + range || step == Long.MAX_VALUE) {
          continue;
        }
        if ((truncate(secret, step) % modulus ^ code) == 0
            && (truncate(secret, step + 1) % modulus ^ next) == 0) {
          if (step > lastUsed) {
            return step;
          }
          replayed = true;
        }
      }
    }
    return replayed ? -2 : -1;
  }
}
