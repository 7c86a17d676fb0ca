package dev.twofactor;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A deliberately naive RFC 4226 implementation for cross-checking: a new Mac per code, BigInteger
 * arithmetic and String.format with Locale.ROOT.
 */
final class ReferenceOtp {
  private ReferenceOtp() {}

  static String code(String macAlgorithm, byte[] key, long counter, int digits) {
    try {
      Mac mac = Mac.getInstance(macAlgorithm);
      mac.init(new SecretKeySpec(key, macAlgorithm));
      byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
      int offset = hash[hash.length - 1] & 0xf;
      byte[] four = {
        (byte) (hash[offset] & 0x7f), hash[offset + 1], hash[offset + 2], hash[offset + 3]
      };
      BigInteger value = new BigInteger(1, four).mod(BigInteger.TEN.pow(digits));
      return String.format(Locale.ROOT, "%0" + digits + "d", value);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}
