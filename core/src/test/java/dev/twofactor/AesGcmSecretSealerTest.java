package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class AesGcmSecretSealerTest {
  private static final byte[] KEY_1 = key(1);
  private static final byte[] KEY_2 = key(2);
  private static final Secret SECRET = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
  private static final byte[] VALUE = SECRET.copyBytes();
  private static final byte[] BINDING = "agent-42/secret".getBytes(StandardCharsets.UTF_8);
  private static final String ID = "agent-42";

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  private static AesGcmSecretSealer sealer() {
    return AesGcmSecretSealer.builder().currentKey("k1", KEY_1).build();
  }

  private static SealedSecretException refused(SecretSealer sealer, byte[] binding, String s) {
    SealedSecretException e =
        assertThrows(SealedSecretException.class, () -> sealer.open(s, binding));
    assertFalse(e.getMessage().contains(SECRET.toBase32()), e.getMessage());
    return e;
  }

  @Test
  void classJavadocExample_rotatesKeys() {
    byte[] keyFromYourSecretStore = KEY_2;
    byte[] previousKeyFromTheStore = KEY_1;
    SecretSealer sealer =
        AesGcmSecretSealer.builder()
            .currentKey("2026-11", keyFromYourSecretStore) // 32 bytes; new seals use it
            .previousKey("2025-05", previousKeyFromTheStore) // still opens what it sealed
            .build();
    String old =
        AesGcmSecretSealer.builder().currentKey("2025-05", KEY_1).build().seal(VALUE, BINDING);
    assertArrayEquals(VALUE, sealer.open(old, BINDING));
    assertFalse(sealer.isCurrent(old));
    String fresh = sealer.seal(VALUE, BINDING);
    assertTrue(fresh.startsWith("aes-gcm:2026-11:"));
    assertTrue(sealer.isCurrent(fresh));
  }

  @Test
  void seal_opensAgainWithTheSameAssociatedData() {
    AesGcmSecretSealer sealer = sealer();
    String sealed = sealer.seal(VALUE, BINDING);
    assertArrayEquals(VALUE, sealer.open(sealed, BINDING));
    assertTrue(sealed.startsWith("aes-gcm:k1:"), sealed);
    assertEquals(73 + "k1".length(), sealed.length());
    assertFalse(sealed.contains(SECRET.toBase32()));
  }

  @Test
  void seal_usesAFreshNonceEveryTime() {
    AesGcmSecretSealer sealer = sealer();
    String first = sealer.seal(VALUE, BINDING);
    String second = sealer.seal(VALUE, BINDING);
    assertNotEquals(first, second);
    byte[] a = Base64.getUrlDecoder().decode(first.substring("aes-gcm:k1:".length()));
    byte[] b = Base64.getUrlDecoder().decode(second.substring("aes-gcm:k1:".length()));
    assertFalse(Arrays.equals(Arrays.copyOf(a, 12), Arrays.copyOf(b, 12)));
  }

  @Test
  void seal_isStandardAesGcm() throws Exception {
    // Nonce, then ciphertext and tag, with the binding as associated data: any AES-GCM
    // implementation opens it.
    String sealed = sealer().seal(VALUE, BINDING);
    byte[] bytes = Base64.getUrlDecoder().decode(sealed.substring("aes-gcm:k1:".length()));
    javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        javax.crypto.Cipher.DECRYPT_MODE,
        new javax.crypto.spec.SecretKeySpec(KEY_1, "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, bytes, 0, 12));
    cipher.updateAAD(BINDING);
    assertArrayEquals(VALUE, cipher.doFinal(bytes, 12, bytes.length - 12));
  }

  @Test
  void open_refusesTamperedCiphertext() {
    AesGcmSecretSealer sealer = sealer();
    String sealed = sealer.seal(VALUE, BINDING);
    int last = sealed.length() - 10;
    char flipped = sealed.charAt(last) == 'A' ? 'B' : 'A';
    String tampered = sealed.substring(0, last) + flipped + sealed.substring(last + 1);
    assertEquals(
        "authentication failed under key id \"k1\": the sealed text was altered, belongs to"
            + " another account, field or enrollment, or was sealed under another key with this id",
        refused(sealer, BINDING, tampered).getMessage());
  }

  @Test
  void open_refusesOtherAssociatedData() {
    AesGcmSecretSealer sealer = sealer();
    String sealed = sealer.seal(VALUE, "agent-7/secret".getBytes(StandardCharsets.UTF_8));
    assertTrue(refused(sealer, BINDING, sealed).getMessage().startsWith("authentication failed"));
  }

  @Test
  void open_refusesAnUnknownKeyId() {
    String sealed =
        AesGcmSecretSealer.builder().currentKey("old", KEY_1).build().seal(VALUE, BINDING);
    AesGcmSecretSealer sealer =
        AesGcmSecretSealer.builder().currentKey("k2", KEY_2).previousKey("k1", KEY_1).build();
    assertEquals(
        "unknown key id \"old\"; this sealer has \"k2\", \"k1\"",
        refused(sealer, BINDING, sealed).getMessage());
    assertEquals(Optional.of("old"), sealer.keyId(sealed));
    assertFalse(sealer.hasKey("old"));
    assertTrue(sealer.hasKey("k1"));
  }

  @Test
  void open_refusesAnotherKeyUnderTheSameId() {
    String sealed = sealer().seal(VALUE, BINDING);
    AesGcmSecretSealer other = AesGcmSecretSealer.builder().currentKey("k1", KEY_2).build();
    assertTrue(refused(other, BINDING, sealed).getMessage().contains("authentication failed"));
  }

  @Test
  void open_refusesWhatItDidNotSeal() {
    AesGcmSecretSealer sealer = sealer();
    List<String> foreign =
        List.of("plain:" + SECRET.toBase32(), "aes-gcm:k1", "", SECRET.toBase32(), "aes-gcm::x");
    for (String text : foreign) {
      assertEquals(
          "not sealed by AesGcmSecretSealer (expected \"aes-gcm:<key id>:...\")",
          refused(sealer, BINDING, text).getMessage());
      assertEquals(Optional.empty(), sealer.keyId(text));
      assertFalse(sealer.isCurrent(text));
    }
    assertEquals(
        "malformed: the data after the key id is not Base64url",
        refused(sealer, BINDING, "aes-gcm:k1:a+b/").getMessage());
    assertEquals(
        "malformed: 27 bytes are too few for a nonce, a value and a tag",
        refused(sealer, BINDING, "aes-gcm:k1:" + "A".repeat(36)).getMessage());
  }

  @Test
  void rotation_oldKeysStillOpenAndNewSealsUseTheCurrentKey() {
    String old = sealer().seal(VALUE, BINDING);
    AesGcmSecretSealer rotated =
        AesGcmSecretSealer.builder().currentKey("k2", KEY_2).previousKey("k1", KEY_1).build();
    assertArrayEquals(VALUE, rotated.open(old, BINDING));
    String fresh = rotated.seal(VALUE, BINDING);
    assertTrue(fresh.startsWith("aes-gcm:k2:"), fresh);
    assertEquals("k2", rotated.currentKeyId());
    assertArrayEquals(VALUE, rotated.open(fresh, BINDING));
    assertTrue(refused(sealer(), BINDING, fresh).getMessage().contains("unknown key id \"k2\""));
  }

  @Test
  void builder_copiesTheKey() {
    byte[] key = key(1);
    AesGcmSecretSealer sealer = AesGcmSecretSealer.builder().currentKey("k1", key).build();
    Arrays.fill(key, (byte) 9);
    assertArrayEquals(VALUE, sealer().open(sealer.seal(VALUE, BINDING), BINDING));
  }

  @Test
  void builder_checksKeysAndIds() {
    Object[][] cases = {
      {AesGcmSecretSealer.builder(), "a current key must be set"},
      {AesGcmSecretSealer.builder().previousKey("k1", KEY_1), "a current key must be set"},
      {
        AesGcmSecretSealer.builder().currentKey("k1", KEY_1).currentKey("k2", KEY_2),
        "only one current key can be set: \"k1\", \"k2\""
      },
      {
        AesGcmSecretSealer.builder().currentKey("k1", new byte[16]),
        "key \"k1\" must be 32 bytes (256 bits): 16"
      },
      {
        AesGcmSecretSealer.builder().currentKey("k1", KEY_1).previousKey("k1", KEY_2),
        "key id is used twice: \"k1\""
      },
      {
        AesGcmSecretSealer.builder().currentKey("key one", KEY_1),
        "key id must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-': \"key one\""
      },
      {
        AesGcmSecretSealer.builder().currentKey("", KEY_1),
        "key id must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-': \"\""
      },
      {
        AesGcmSecretSealer.builder().currentKey("a:b", KEY_1),
        "key id must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-': \"a:b\""
      },
    };
    for (Object[] c : cases) {
      AesGcmSecretSealer.Builder b = (AesGcmSecretSealer.Builder) c[0];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
      assertEquals(c[1], e.getMessage());
    }
  }

  @Test
  void builder_acceptsKeyIdsOfTheAllowedCharactersUpTo64() {
    for (String id : List.of("AZaz09._-", "a".repeat(64), "Z", "z", "0", "9")) {
      AesGcmSecretSealer sealer = AesGcmSecretSealer.builder().currentKey(id, KEY_1).build();
      assertEquals(id, sealer.currentKeyId());
      assertArrayEquals(VALUE, sealer.open(sealer.seal(VALUE, BINDING), BINDING));
    }
    // Each neighbour of an allowed range, and one character too many.
    for (String id : List.of("@", "[", "`", "{", "/", ":", "a".repeat(65))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> AesGcmSecretSealer.builder().currentKey(id, KEY_1).build());
      assertEquals(
          "key id must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-': " + Ascii.quote(id),
          e.getMessage());
    }
  }

  @Test
  void open_readsAOneByteValue() {
    byte[] one = {42};
    String sealed = sealer().seal(one, BINDING);
    assertArrayEquals(one, sealer().open(sealed, BINDING));
  }

  @Test
  void toString_showsKeyIdsOnly() {
    AesGcmSecretSealer sealer =
        AesGcmSecretSealer.builder()
            .currentKey("2026-11", KEY_2)
            .previousKey("2025-05", KEY_1)
            .build();
    assertEquals(
        "AesGcmSecretSealer[current key \"2026-11\", keys \"2026-11\", \"2025-05\"]",
        sealer.toString());
  }

  // The same failures through the service: a clear error, nothing accepted, nothing changed.

  private final FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();

  private TwoFactor service(SecretSealer sealer) {
    return TwoFactor.builder()
        .issuer("ACME")
        .clock(clock)
        .repository(repository)
        .sealer(sealer)
        .build();
  }

  private SoftwareAuthenticator activate(TwoFactor tf, String accountId) {
    Enrollment e = tf.enroll(accountId, "alice");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(tf.confirm(accountId, phone.code(clock)).isAccepted());
    clock.advance(Duration.ofSeconds(30));
    return phone;
  }

  private void assertNothingAccepted(TwoFactor tf, String accountId, SoftwareAuthenticator phone) {
    CredentialRecord before = repository.load(accountId);
    SealedSecretException e =
        assertThrows(SealedSecretException.class, () -> tf.verify(accountId, phone.code(clock)));
    assertTrue(
        e.getMessage().startsWith("credential record of account \"" + accountId + "\", key"),
        e.getMessage());
    assertEquals(before, repository.load(accountId), "the record is left as it was");
  }

  @Test
  void service_refusesATamperedRecord() {
    TwoFactor tf = service(sealer());
    SoftwareAuthenticator phone = activate(tf, ID);
    CredentialRecord r = repository.load(ID);
    String sealed = r.secret();
    String tampered = sealed.substring(0, sealed.length() - 1) + (sealed.endsWith("A") ? "B" : "A");
    repository.replace(
        r.version(),
        r.toBuilder().version(r.version() + 1).secret(tampered, r.confirmedAt()).build());
    assertNothingAccepted(tf, ID, phone);
    assertEquals(CredentialStatus.State.ACTIVE, tf.status(ID).state());
  }

  @Test
  void service_refusesASecretMovedToAnotherAccount() {
    TwoFactor tf = service(sealer());
    SoftwareAuthenticator victimPhone = activate(tf, "victim");
    activate(tf, "attacker");
    CredentialRecord victim = repository.load("victim");
    CredentialRecord attacker = repository.load("attacker");
    repository.replace(
        attacker.version(),
        attacker.toBuilder()
            .version(attacker.version() + 1)
            .set(CredentialRecord.CREDENTIAL_ID, victim.credentialId())
            .secret(victim.secret(), victim.confirmedAt())
            .build());
    assertNothingAccepted(tf, "attacker", victimPhone);
  }

  @Test
  void service_refusesAnUnknownKeyId() {
    TwoFactor original = service(sealer());
    SoftwareAuthenticator phone = activate(original, ID);
    Enrollment rotation = original.enroll(ID, "alice", Proof.code(phone.codeAt(clock.instant())));
    SoftwareAuthenticator newPhone = SoftwareAuthenticator.scan(rotation.uri().toUriString());
    clock.advance(Duration.ofSeconds(30));
    TwoFactor withoutTheKey = service(AesGcmSecretSealer.builder().currentKey("k2", KEY_2).build());
    assertNothingAccepted(withoutTheKey, ID, phone);
    SealedSecretException e =
        assertThrows(
            SealedSecretException.class, () -> withoutTheKey.confirm(ID, newPhone.code(clock)));
    assertEquals(
        "credential record of account \"agent-42\", key \"pending_secret\": unknown key id \"k1\";"
            + " this sealer has \"k2\"",
        e.getMessage());
    assertEquals(CredentialStatus.State.ACTIVE, withoutTheKey.status(ID).state());
  }

  @Test
  void service_keepsWorkingAcrossAKeyRotationAndResealsAtTheNextSignIn() {
    SoftwareAuthenticator phone = activate(service(sealer()), ID);
    assertTrue(repository.load(ID).secret().startsWith("aes-gcm:k1:"));
    TwoFactor rotated =
        service(
            AesGcmSecretSealer.builder().currentKey("k2", KEY_2).previousKey("k1", KEY_1).build());
    assertEquals(java.util.Set.of(), rotated.missingKeyIds());
    assertTrue(rotated.verify(ID, phone.code(clock)).isAccepted());
    assertTrue(repository.load(ID).secret().startsWith("aes-gcm:k2:"));
    clock.advance(Duration.ofSeconds(30));
    TwoFactor onlyNewKey = service(AesGcmSecretSealer.builder().currentKey("k2", KEY_2).build());
    assertTrue(onlyNewKey.verify(ID, phone.code(clock)).isAccepted());
  }
}
