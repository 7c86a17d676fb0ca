package dev.twofactor;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The library's own random source: one SHA-256 Hash_DRBG (NIST SP 800-90A) seeded by the operating
 * system, shared by every instance. Nonces and ids come from it whatever random source a host
 * passes, so that a seeded or broken host source can never repeat them across nodes.
 */
final class Drbg {
  static final SecureRandom INSTANCE = create();

  private Drbg() {}

  private static SecureRandom create() {
    try {
      return SecureRandom.getInstance(
          "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
    } catch (NoSuchAlgorithmException drbgMissing) {
      try {
        return SecureRandom.getInstanceStrong();
      } catch (NoSuchAlgorithmException noStrongSource) {
        IllegalStateException e =
            new IllegalStateException("no strong SecureRandom in this JDK", noStrongSource);
        e.addSuppressed(drbgMissing);
        throw e;
      }
    }
  }
}
