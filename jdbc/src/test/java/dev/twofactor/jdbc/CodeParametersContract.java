package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.Algorithm;
import dev.twofactor.Enrollment;
import dev.twofactor.OtpAuthUri;
import dev.twofactor.Proof;
import dev.twofactor.SealedSecretException;
import dev.twofactor.Secret;
import dev.twofactor.Totp;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.Verification;
import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Code parameters stored with each credential, through the JDBC repository: a credential enrolled
 * under SHA-256, 8 digits and 60 seconds keeps them when the service's policy changes, imported
 * secrets (raw bytes, an otpauth URI) sign in with theirs, and after a key rotation and one sign-in
 * the row opens under the new key only.
 */
abstract class CodeParametersContract {
  static final Totp SHA256_8_60 =
      Totp.builder().algorithm(Algorithm.SHA256).digits(8).period(Duration.ofSeconds(60)).build();

  final FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
  final List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();
  TestTable table;

  /** Returns a new credential table on the database under test. */
  abstract TestTable newTable();

  @BeforeEach
  void createTable() {
    table = newTable();
  }

  @AfterEach
  void dropTable() throws SQLException {
    table.close();
  }

  static AesGcmSecretSealer k1() {
    return AesGcmSecretSealer.builder().currentKey("k1", CredentialRepositoryContract.KEY).build();
  }

  static AesGcmSecretSealer k2() {
    return AesGcmSecretSealer.builder().currentKey("k2", CredentialRepositoryContract.KEY2).build();
  }

  static AesGcmSecretSealer k2AfterK1() {
    return AesGcmSecretSealer.builder()
        .currentKey("k2", CredentialRepositoryContract.KEY2)
        .previousKey("k1", CredentialRepositoryContract.KEY)
        .build();
  }

  TwoFactor service(Totp totp, AesGcmSecretSealer sealer) {
    return TwoFactor.builder()
        .issuer("ACME")
        .repository(table.repository)
        .clock(clock)
        .totp(totp)
        .sealer(sealer)
        .recoveryCodes(CredentialRepositoryContract.FAST_RECOVERY)
        .listener(events::add)
        .build();
  }

  private Map<String, @Nullable Object> parameters(String accountId) throws SQLException {
    Map<String, @Nullable Object> row = table.row(accountId);
    return Map.of(
        "algorithm",
        String.valueOf(row.get("algorithm")),
        "digits",
        ((Number) row.get("digits")).intValue(),
        "period",
        ((Number) row.get("period")).intValue());
  }

  @Test
  void credentialEnrolledUnderOtherParameters_keepsThemWhenThePolicyChanges() throws Exception {
    TwoFactor sha256 = service(SHA256_8_60, k1());
    Enrollment e = sha256.enroll("agent-42", "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertEquals("SHA256", phone.algorithm());
    assertEquals(8, phone.digits());
    assertEquals(Duration.ofSeconds(60), phone.period());
    assertEquals(Reason.ACCEPTED, sha256.confirm("agent-42", phone.code(clock)).reason());
    assertEquals(Map.of("algorithm", "SHA256", "digits", 8, "period", 60), parameters("agent-42"));

    // The service is rebuilt with the defaults, SHA1, 6 digits and 30 seconds: the credential
    // keeps its own.
    TwoFactor defaults = service(Totp.defaults(), k1());
    clock.advance(Duration.ofSeconds(60));
    String code = phone.code(clock);
    assertEquals(8, code.length());
    Verification v = defaults.verify("agent-42", code);
    assertEquals(Reason.ACCEPTED, v.reason());
    assertEquals(clock.instant().getEpochSecond() / 60, v.step(), "steps of 60 seconds");
    assertEquals(Reason.REPLAYED, defaults.verify("agent-42", code).reason());
    assertEquals(
        Reason.MALFORMED,
        defaults.verify("agent-42", code.substring(2)).reason(),
        "6 digits are not a code of this credential");
    clock.advance(Duration.ofSeconds(30));
    assertEquals(
        Reason.REPLAYED,
        defaults.verify("agent-42", phone.code(clock)).reason(),
        "30 seconds later the code of the same 60-second step");
    OtpAuthUri exported = defaults.export("agent-42", "alice@example.com", "admin");
    assertEquals(Algorithm.SHA256, exported.algorithm());
    assertEquals(8, exported.digits());
    assertEquals(Duration.ofSeconds(60), exported.period());

    // New enrollments take the new policy.
    Enrollment other = defaults.enroll("agent-43", "bob@example.com");
    SoftwareAuthenticator otherPhone = SoftwareAuthenticator.scan(other.uri().toUriString());
    assertEquals(Reason.ACCEPTED, defaults.confirm("agent-43", otherPhone.code(clock)).reason());
    assertEquals(Map.of("algorithm", "SHA1", "digits", 6, "period", 30), parameters("agent-43"));
    assertEquals(Map.of("algorithm", "SHA256", "digits", 8, "period", 60), parameters("agent-42"));
  }

  @Test
  void parametersChangedInTheRow_failClosed() throws Exception {
    TwoFactor tf = service(SHA256_8_60, k1());
    Enrollment e = tf.enroll("agent-42", "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertEquals(Reason.ACCEPTED, tf.confirm("agent-42", phone.code(clock)).reason());
    table.set("digits", 6, "agent-42");
    clock.advance(Duration.ofSeconds(60));
    Map<String, @Nullable Object> tampered = table.row("agent-42");
    // A node that has not opened the secret yet: the parameters are bound into the sealed secret.
    TwoFactor otherNode = service(Totp.defaults(), k1());
    SealedSecretException thrown =
        assertThrows(
            SealedSecretException.class,
            () -> otherNode.verify("agent-42", phone.code(clock).substring(2)));
    assertEquals(
        "credential record of account \"agent-42\", key \"secret\": authentication failed under"
            + " key id \"k1\": the sealed text was altered, belongs to another account, field or"
            + " enrollment, or was sealed under another key with this id",
        thrown.getMessage());
    assertEquals(tampered, table.row("agent-42"));
  }

  @Test
  void importedRawSecret_signsInThroughTheRepository() throws Exception {
    TwoFactor tf = service(Totp.defaults(), k1());
    byte[] key = Rows01.newSecret();
    assertFalse(tf.importCredential("agent-42", Secret.fromBytes(key), "admin"));
    assertEquals(Map.of("algorithm", "SHA1", "digits", 6, "period", 30), parameters("agent-42"));
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(Rows01.uri(key));
    Verification v = tf.verify("agent-42", phone.code(clock));
    assertEquals(Reason.ACCEPTED, v.reason());
    assertEquals(
        Reason.ACCEPTED,
        tf.redeemRecoveryCode(
                "agent-42",
                tf.generateRecoveryCodes("agent-42", Proof.token(v.proof())).codes().get(0))
            .reason());

    // An 80-bit secret, as some issuers hand out: imported, and reported weak.
    byte[] weak = new byte[10];
    System.arraycopy(key, 0, weak, 0, 10);
    assertTrue(tf.importCredential("agent-43", Secret.fromBytes(weak), "admin"));
    TwoFactorEvent imported = events.get(events.size() - 1);
    assertEquals(TwoFactorEvent.Type.IMPORTED, imported.type());
    assertTrue(imported.weakSecret());
    assertEquals(java.util.Optional.of("admin"), imported.actor());
    SoftwareAuthenticator weakPhone = SoftwareAuthenticator.scan(Rows01.uri(weak));
    assertEquals(Reason.ACCEPTED, tf.verify("agent-43", weakPhone.code(clock)).reason());

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> tf.importCredential("agent-42", Secret.generate(), "admin"));
    assertEquals(
        "account \"agent-42\" has an active credential: reset it before importing another",
        e.getMessage());
  }

  @Test
  void importedOtpAuthUri_signsInWithItsParameters() throws Exception {
    TwoFactor tf = service(Totp.defaults(), k1());
    String base32 = Secret.fromBytes(Rows01.newSecret()).toBase32();
    // As another system wrote it: escaped label, lower-case algorithm, 8 digits, 45 seconds.
    String uri =
        "otpauth://totp/Old%20Corp:alice%40example.com?secret="
            + base32
            + "&issuer=Old%20Corp&algorithm=sha512&digits=8&period=45";
    assertFalse(tf.importCredential("agent-42", OtpAuthUri.parse(uri), "admin"));
    assertEquals(Map.of("algorithm", "SHA512", "digits", 8, "period", 45), parameters("agent-42"));
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(uri);
    String code = phone.code(clock);
    assertEquals(8, code.length());
    assertEquals(Reason.ACCEPTED, tf.verify("agent-42", code).reason());
    assertEquals(Reason.REPLAYED, tf.verify("agent-42", code).reason());
    clock.advance(Duration.ofSeconds(45));
    assertEquals(Reason.ACCEPTED, tf.verify("agent-42", phone.code(clock)).reason());

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                tf.importCredential(
                    "agent-43",
                    OtpAuthUri.parse("otpauth://hotp/x?secret=" + base32 + "&counter=3"),
                    "admin"));
    assertEquals("uri must be a TOTP URI: HOTP", e.getMessage());
  }

  @Test
  void afterAKeyRotationAndOneSignIn_theRowOpensUnderTheNewKeyOnly() throws Exception {
    TwoFactor before = service(SHA256_8_60, k1());
    Enrollment e = before.enroll("agent-42", "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    Verification confirmed = before.confirm("agent-42", phone.code(clock));
    List<String> codes =
        before.generateRecoveryCodes("agent-42", Proof.token(confirmed.proof())).codes();
    String sealedUnderK1 = String.valueOf(table.text("secret", "agent-42"));
    assertTrue(sealedUnderK1.startsWith("aes-gcm:k1:"), sealedUnderK1);

    TwoFactor rotated = service(Totp.defaults(), k2AfterK1());
    clock.advance(Duration.ofSeconds(60));
    assertEquals(Reason.ACCEPTED, rotated.verify("agent-42", phone.code(clock)).reason());
    assertTrue(String.valueOf(table.text("secret", "agent-42")).startsWith("aes-gcm:k2:"));
    assertTrue(String.valueOf(table.text("recovery_codes", "agent-42")).startsWith("aes-gcm:k2:"));
    assertNotEquals(sealedUnderK1, table.text("secret", "agent-42"));
    assertEquals(
        Map.of("algorithm", "SHA256", "digits", 8, "period", 60),
        parameters("agent-42"),
        "a re-seal keeps the parameters");
    assertEquals(
        1, events.stream().filter(ev -> ev.type() == TwoFactorEvent.Type.RESEALED).count());

    TwoFactor onlyK1 = service(Totp.defaults(), k1());
    clock.advance(Duration.ofSeconds(60));
    SealedSecretException thrown =
        assertThrows(
            SealedSecretException.class, () -> onlyK1.verify("agent-42", phone.code(clock)));
    assertEquals(
        "credential record of account \"agent-42\", key \"secret\": unknown key id \"k2\"; this"
            + " sealer has \"k1\"",
        thrown.getMessage());
    assertEquals(java.util.Set.of("k2"), onlyK1.missingKeyIds());

    TwoFactor onlyK2 = service(Totp.defaults(), k2());
    assertEquals(java.util.Set.of(), onlyK2.missingKeyIds());
    assertEquals(Reason.ACCEPTED, onlyK2.verify("agent-42", phone.code(clock)).reason());
    assertEquals(Reason.ACCEPTED, onlyK2.redeemRecoveryCode("agent-42", codes.get(0)).reason());
    assertEquals(codes.size() - 1, onlyK2.status("agent-42").recoveryCodesLeft());
  }
}
