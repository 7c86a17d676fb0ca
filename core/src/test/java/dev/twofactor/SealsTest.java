package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The values a record's fields are sealed from: a key handed to the host's sealer is wiped once it
 * is sealed or opened, and a proof token holds an instant to the nanosecond.
 */
final class SealsTest {
  private static final Secret SECRET = Secret.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  private static final CodeParameters PARAMETERS = new CodeParameters(Algorithm.SHA1, 6, 30);
  private static final String CREDENTIAL_ID = "AAAAAAAAAAAAAAAAAAAAAA";

  /** A host's sealer that keeps a reference to each array it is given or gives back. */
  private static final class KeepingSealer implements SecretSealer {
    private final SecretSealer sealer =
        AesGcmSecretSealer.builder().currentKey("k1", new byte[32]).build();
    final List<byte[]> given = new ArrayList<>();
    final List<byte[]> returned = new ArrayList<>();

    @Override
    public String seal(byte[] plaintext, byte[] associatedData) {
      given.add(plaintext);
      return sealer.seal(plaintext, associatedData);
    }

    @Override
    public byte[] open(String sealed, byte[] associatedData) {
      byte[] opened = sealer.open(sealed, associatedData);
      returned.add(opened);
      return opened;
    }
  }

  private static void assertWiped(byte[] bytes) {
    assertArrayEquals(new byte[bytes.length], bytes);
  }

  @Test
  void secret_wipesTheKeyItHandedToTheSealerAndTheKeyItOpened() {
    KeepingSealer sealer = new KeepingSealer();
    Seals seals = new Seals(sealer);
    String sealed = seals.secret("agent-42", CREDENTIAL_ID, PARAMETERS, SECRET);
    assertEquals(1, sealer.given.size());
    assertWiped(sealer.given.get(0));

    CredentialRecord record =
        CredentialRecord.builder("agent-42")
            .set(CredentialRecord.CREDENTIAL_ID, CREDENTIAL_ID)
            .secret(sealed, Instant.EPOCH)
            .set(CredentialRecord.ALGORITHM, "SHA1")
            .set(CredentialRecord.DIGITS, 6)
            .set(CredentialRecord.PERIOD, 30)
            .build();
    assertEquals(SECRET, seals.openSecret(record));
    assertEquals(1, sealer.returned.size());
    assertWiped(sealer.returned.get(0));
  }

  @Test
  void pending_wipesThePayloadItHandedToTheSealer() {
    KeepingSealer sealer = new KeepingSealer();
    new Seals(sealer).pending("agent-42", CREDENTIAL_ID, PARAMETERS, SECRET);
    assertEquals(1, sealer.given.size());
    assertWiped(sealer.given.get(0));
  }

  @Test
  void openProof_readsTheInstantToTheLastNanosecond() {
    Seals seals = new Seals(new KeepingSealer());
    Instant issued = Instant.parse("2026-01-01T00:00:00.999999999Z");
    String token = seals.proof("agent-42", CREDENTIAL_ID, issued);
    assertEquals(issued, seals.openProof("agent-42", CREDENTIAL_ID, token));
    assertNull(seals.openProof("agent-43", CREDENTIAL_ID, token));
    assertNull(seals.openProof("agent-42", CREDENTIAL_ID, "not a token"));
  }

  @Test
  void openProof_refusesAPayloadThatIsNoInstant() {
    SecretSealer sealer = new KeepingSealer();
    Seals seals = new Seals(sealer);
    byte[] binding = Binding.of(Binding.Purpose.PROOF, "agent-42", CREDENTIAL_ID, "");
    for (byte[] payload :
        List.of(
            ByteBuffer.allocate(12).putLong(0).putInt(1_000_000_000).array(),
            ByteBuffer.allocate(12).putLong(0).putInt(-1).array(),
            new byte[11],
            new byte[13])) {
      assertNull(seals.openProof("agent-42", CREDENTIAL_ID, sealer.seal(payload, binding)));
    }
    assertEquals(
        Instant.EPOCH,
        seals.openProof("agent-42", CREDENTIAL_ID, sealer.seal(new byte[12], binding)));
  }
}
