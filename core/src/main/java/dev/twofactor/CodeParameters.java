package dev.twofactor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The code parameters of one credential: algorithm, digits and period, stored with it at enrollment
 * so that a later change of the service's {@link Totp} policy applies to new enrollments only.
 */
record CodeParameters(Algorithm algorithm, int digits, int periodSeconds) {
  /** The parameters of a policy's codes. */
  static CodeParameters of(Totp totp) {
    return new CodeParameters(totp.algorithm(), totp.digits(), (int) totp.period().toSeconds());
  }

  /** The parameters stored in a record with an active secret of this version. */
  static CodeParameters of(CredentialRecord r) {
    return new CodeParameters(
        Algorithm.valueOf(Objects.requireNonNull(r.algorithm())),
        Objects.requireNonNull(r.digits()),
        Objects.requireNonNull(r.period()));
  }

  /** Returns a policy for these parameters with the window of {@code policy}. */
  Totp totp(Totp policy) {
    if (equals(of(policy))) {
      return policy;
    }
    return policy.toBuilder()
        .algorithm(algorithm)
        .digits(digits)
        .period(Duration.ofSeconds(periodSeconds))
        .build();
  }

  /** The text bound into a sealed active secret, so that a writer cannot change the parameters. */
  String detail() {
    return algorithm.name() + ":" + digits + ":" + periodSeconds;
  }

  /** A pending secret's payload: {@link #detail()} in ASCII, a zero byte, then the key. */
  byte[] withSecret(Secret secret) {
    byte[] detail = detail().getBytes(StandardCharsets.US_ASCII);
    byte[] key = secret.copyBytes();
    try {
      byte[] payload = new byte[detail.length + 1 + key.length];
      System.arraycopy(detail, 0, payload, 0, detail.length);
      System.arraycopy(key, 0, payload, detail.length + 1, key.length);
      return payload;
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Reads the parameters of a pending secret's payload; {@link #secretOf} reads the key. */
  static CodeParameters fromPayload(byte[] payload) {
    int end = separator(payload);
    String[] parts = new String(payload, 0, end, StandardCharsets.US_ASCII).split(":", 3);
    if (parts.length == 3) {
      long digits = Ascii.parseDecimal(parts[1]);
      long period = Ascii.parseDecimal(parts[2]);
      for (Algorithm a : Algorithm.values()) {
        if (a.name().equals(parts[0])
            && digits >= Codes.MIN_DIGITS
            && digits <= Codes.MAX_DIGITS
            && period >= 1
            && period <= OtpAuthUri.MAX_PERIOD_SECONDS) {
          return new CodeParameters(a, (int) digits, (int) period);
        }
      }
    }
    throw new SealedSecretException("malformed pending secret: no valid code parameters");
  }

  static Secret secretOf(byte[] payload) {
    int start = separator(payload) + 1;
    byte[] key = Arrays.copyOfRange(payload, start, payload.length);
    try {
      return Secret.fromBytes(key);
    } catch (IllegalArgumentException e) {
      throw new SealedSecretException("malformed pending secret: " + e.getMessage(), e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static int separator(byte[] payload) {
    for (int i = 0; i < Math.min(payload.length, 32); i++) {
      if (payload[i] == 0) {
        return i;
      }
    }
    throw new SealedSecretException("malformed pending secret: no code parameters");
  }
}
