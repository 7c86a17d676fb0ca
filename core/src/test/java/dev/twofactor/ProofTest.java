package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class ProofTest {
  @Test
  void toString_namesTheKindNeverTheValue() {
    assertEquals("Proof[CODE]", Proof.code("123456").toString());
    assertEquals("Proof[RECOVERY_CODE]", Proof.recoveryCode("7kq2-m9xa-b3rt").toString());
    assertEquals("Proof[TOKEN]", Proof.token("aes-gcm:k1:secret").toString());
  }

  @Test
  void factories_refuseNull() {
    assertEquals(
        "code", assertThrows(NullPointerException.class, () -> Proof.code(null)).getMessage());
    assertEquals(
        "token", assertThrows(NullPointerException.class, () -> Proof.token(null)).getMessage());
    assertEquals(
        "recoveryCode",
        assertThrows(NullPointerException.class, () -> Proof.recoveryCode(null)).getMessage());
  }

  @Test
  void rejection_carriesTheVerificationAndNamesTheAccountEscaped() {
    ProofRejectedException e =
        new ProofRejectedException("bob\u202E", Verification.throttled(java.time.Instant.EPOCH));
    assertEquals(Verification.Reason.THROTTLED, e.verification().reason());
    assertEquals(
        "proof of the current second factor of account \"bob\\u202e\" was not accepted: THROTTLED",
        e.getMessage());
  }
}
