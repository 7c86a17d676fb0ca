package dev.twofactor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Seals and opens the values of a record with the {@link SecretSealer}, each bound ({@link
 * Binding}) to its account, purpose and enrollment. A value that does not open is a {@link
 * SealedSecretException} naming the account and the field, never the value.
 */
final class Seals {
  final SecretSealer sealer;

  Seals(SecretSealer sealer) {
    this.sealer = sealer;
  }

  String secret(String accountId, String credentialId, CodeParameters p, Secret secret) {
    byte[] key = secret.copyBytes();
    try {
      return sealer.seal(
          key, Binding.of(Binding.Purpose.SECRET, accountId, credentialId, p.detail()));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Opens the active secret of a record of this version. */
  Secret openSecret(CredentialRecord r) {
    String credentialId = Objects.requireNonNull(r.credentialId());
    byte[] key =
        open(
            r,
            CredentialRecord.SECRET,
            Binding.of(
                Binding.Purpose.SECRET,
                r.accountId(),
                credentialId,
                CodeParameters.of(r).detail()));
    return secretOf(key);
  }

  /** Opens the active secret of a record written by version 0.1, bound to the account only. */
  Secret openLegacySecret(CredentialRecord r) {
    return secretOf(open(r, CredentialRecord.SECRET, Binding.legacy(r.accountId())));
  }

  String pending(String accountId, String pendingId, CodeParameters p, Secret secret) {
    byte[] payload = p.withSecret(secret);
    try {
      return sealer.seal(
          payload, Binding.of(Binding.Purpose.PENDING_SECRET, accountId, pendingId, ""));
    } finally {
      Arrays.fill(payload, (byte) 0);
    }
  }

  /** Opens the pending secret's payload; read it with {@link CodeParameters#fromPayload}. */
  byte[] openPending(CredentialRecord r) {
    return open(
        r,
        CredentialRecord.PENDING_SECRET,
        Binding.of(
            Binding.Purpose.PENDING_SECRET,
            r.accountId(),
            Objects.requireNonNull(r.pendingId()),
            ""));
  }

  String recoveryCodes(String accountId, String credentialId, RecoveryCodeSet set) {
    return sealer.seal(
        set.encode().getBytes(StandardCharsets.US_ASCII),
        Binding.of(Binding.Purpose.RECOVERY_CODES, accountId, credentialId, ""));
  }

  /** Opens the recovery codes of a record of this version, or reads those of version 0.1. */
  RecoveryCodeSet openRecoveryCodes(CredentialRecord r, int maxIterations) {
    String stored = Objects.requireNonNull(r.recoveryCodes());
    String text;
    if (r.isLegacy()) {
      text = stored;
    } else {
      byte[] bytes =
          open(
              r,
              CredentialRecord.RECOVERY_CODES,
              Binding.of(
                  Binding.Purpose.RECOVERY_CODES,
                  r.accountId(),
                  Objects.requireNonNull(r.credentialId()),
                  ""));
      text = new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      return RecoveryCodeSet.parse(text, maxIterations);
    } catch (IllegalArgumentException e) {
      throw new InvalidCredentialRecordException(
          "credential record key \"recovery_codes\" of account "
              + Ascii.quote(r.accountId())
              + ": "
              + e.getMessage(),
          "recovery_codes",
          e);
    }
  }

  String devices(String accountId, String credentialId, byte[] payload) {
    return sealer.seal(payload, Binding.of(Binding.Purpose.DEVICES, accountId, credentialId, ""));
  }

  byte[] openDevices(CredentialRecord r) {
    return open(
        r,
        CredentialRecord.DEVICES,
        Binding.of(
            Binding.Purpose.DEVICES, r.accountId(), Objects.requireNonNull(r.credentialId()), ""));
  }

  /** Returns a proof token of a sign-in at {@code issuedAt}. */
  String proof(String accountId, String credentialId, Instant issuedAt) {
    byte[] payload =
        ByteBuffer.allocate(12)
            .putLong(issuedAt.getEpochSecond())
            .putInt(issuedAt.getNano())
            .array();
    return sealer.seal(payload, Binding.of(Binding.Purpose.PROOF, accountId, credentialId, ""));
  }

  /**
   * Returns when a proof token was issued for this account and credential, or {@code null} if it is
   * not such a token: forged, altered, of another account, or of a credential since replaced.
   */
  @Nullable Instant openProof(String accountId, String credentialId, String token) {
    byte[] payload;
    try {
      payload = sealer.open(token, Binding.of(Binding.Purpose.PROOF, accountId, credentialId, ""));
    } catch (SealedSecretException e) {
      return null;
    }
    if (payload.length != 12) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(payload);
    long seconds = b.getLong();
    int nanos = b.getInt();
    return nanos < 0 || nanos > 999_999_999 ? null : Instant.ofEpochSecond(seconds, nanos);
  }

  /** Tells whether every sealed value of a record is sealed under the sealer's current key. */
  boolean isCurrent(CredentialRecord r) {
    return isCurrent(r.secret()) && isCurrent(r.recoveryCodes()) && isCurrent(r.devices());
  }

  private boolean isCurrent(@Nullable String sealed) {
    return sealed == null || sealer.isCurrent(sealed);
  }

  private byte[] open(CredentialRecord r, CredentialRecord.Field<String> field, byte[] binding) {
    String sealed = Objects.requireNonNull(field.get(r));
    try {
      return sealer.open(sealed, binding);
    } catch (SealedSecretException e) {
      throw new SealedSecretException(
          "credential record of account "
              + Ascii.quote(r.accountId())
              + ", key \""
              + field.key()
              + "\": "
              + e.getMessage(),
          e);
    }
  }

  private static Secret secretOf(byte[] key) {
    try {
      return Secret.fromBytes(key);
    } catch (IllegalArgumentException e) {
      throw new SealedSecretException("the opened secret is not a key: " + e.getMessage(), e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
