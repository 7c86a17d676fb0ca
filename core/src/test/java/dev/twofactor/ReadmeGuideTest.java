package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's examples of the service beyond the first sign-in: the request context and the
 * failures since the last sign-in, proof of the current factor, the administrator's calls, the life
 * of a credential (import, export, resynchronisation, key rotation) and trusted devices. The code
 * between the {@code // README} markers appears in README.md verbatim ({@link ReadmeTest}).
 */
final class ReadmeGuideTest {
  private static final Instant START = Instant.parse("2026-11-29T09:00:10Z");

  private final FakeClock clock = FakeClock.at(START);
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
  private final List<TwoFactorEvent> events = new ArrayList<>();
  private final Map<String, String> session = new HashMap<>();
  private final List<Integer> warnings = new ArrayList<>();
  private final String clientAddress = "203.0.113.7";
  private final String userAgent = "Firefox on Linux";
  private final byte[] key = key(1);
  private final byte[] newKey = key(2);
  private SoftwareAuthenticator phone = SoftwareAuthenticator.scan("otpauth://totp/x?secret=AAAA");
  private final TwoFactor twoFactor =
      TwoFactor.builder()
          .issuer("ACME Help Desk")
          .repository(repository)
          .clock(clock)
          .sealer(AesGcmSecretSealer.builder().currentKey("2026-11", key).build())
          .recoveryCodes(TwoFactorTest.FAST_RECOVERY)
          .listener(events::add)
          .build();

  private static byte[] key(int fill) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  /** The next code of the agent's phone: one period later each time, as a person would wait. */
  private String codeFromTheApp() {
    clock.advance(Duration.ofSeconds(30));
    return phone.code(clock);
  }

  private String codeFromTheLoginForm() {
    return codeFromTheApp();
  }

  private void warnTheUser(int failures) {
    warnings.add(failures);
  }

  private void enrolled(String accountId) {
    Enrollment e = twoFactor.enroll(accountId, "alice@example.com");
    phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(twoFactor.confirm(accountId, phone.code(clock)).isAccepted());
  }

  @Test
  void request_contextFailuresAndProof() {
    enrolled("agent-42");
    twoFactor.verify("agent-42", "000000");
    twoFactor.verify("agent-42", "000001");

    // README request
    TwoFactor request = twoFactor.withContext(RequestContext.of(clientAddress, userAgent));
    Verification v = request.verify("agent-42", codeFromTheLoginForm());
    if (v.isAccepted()) {
      if (v.failuresSinceLastSuccess() > 0) { // wrong codes since the last sign-in
        warnTheUser(v.failuresSinceLastSuccess()); // "…change your password"
      }
      session.put("twofactor.proof", v.proof()); // server side only, good for 5 minutes
    }
    // END README

    assertTrue(v.isAccepted());
    assertEquals(List.of(2), warnings);
    TwoFactorEvent accepted = events.get(events.size() - 1);
    assertEquals(TwoFactorEvent.Type.ACCEPTED, accepted.type());
    assertEquals(Optional.of(clientAddress), accepted.context().clientAddress());
    assertEquals(2, accepted.failures());
    assertTrue(session.get("twofactor.proof").length() > 20);
  }

  @Test
  void factor_replacingOrRemovingItNeedsProof_administratorsAreAudited() {
    enrolled("agent-42");
    session.put("twofactor.proof", twoFactor.verify("agent-42", codeFromTheLoginForm()).proof());

    // README factor
    Proof proof = Proof.token(session.get("twofactor.proof")); // or Proof.code(codeFromTheApp())
    RecoveryCodes codes = twoFactor.generateRecoveryCodes("agent-42", proof); // show them once
    Enrollment replacement = twoFactor.enroll("agent-42", "alice@example.com", proof);
    // ... the user confirms the new secret with twoFactor.confirm: event SECRET_REPLACED

    // A stolen session without a proof gets ProofRejectedException, and an event says so.
    // Administrators need no proof; the event names them:
    twoFactor.unlock("agent-42", "admin:carol"); // throttle cleared, secret and codes kept
    twoFactor.reset("agent-42", "admin:carol"); // secret, codes and devices gone: enroll again
    // END README

    assertEquals(10, codes.codes().size());
    assertTrue(replacement.uri().secret().toBase32().length() >= 32);
    assertEquals(CredentialStatus.State.NONE, twoFactor.status("agent-42").state());
    TwoFactorEvent reset = events.get(events.size() - 1);
    assertEquals(TwoFactorEvent.Type.RESET, reset.type());
    assertEquals(Optional.of("admin:carol"), reset.actor());
  }

  @Test
  void life_importExportResynchronizeRotate() {
    String secretFromTheOldSystem = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    enrolled("agent-7");
    clock.advance(Duration.ofMinutes(10));
    SoftwareAuthenticator offByFiveMinutes =
        SoftwareAuthenticator.scan(twoFactor.export("agent-7", "bob", "test").toUriString());
    String code = offByFiveMinutes.codeAt(clock.instant().minus(Duration.ofMinutes(5)));
    String nextCode =
        offByFiveMinutes.codeAt(clock.instant().minus(Duration.ofMinutes(5)).plusSeconds(30));

    // README life
    // Bring secrets from another system: weak (under 128 bits) ones are flagged, not refused
    boolean weak =
        twoFactor.importCredential(
            "agent-9", Secret.fromBase32(secretFromTheOldSystem), "migration-2026-11");
    OtpAuthUri backToThePhone = twoFactor.export("agent-9", "carol", "admin:carol"); // audited

    // A phone whose clock is minutes off: two consecutive codes bring it back
    Verification resynchronized = twoFactor.resynchronize("agent-7", code, nextCode);

    // Key rotation: the new key is current, the old one opens what it sealed ...
    TwoFactor rotated =
        TwoFactor.builder()
            .issuer("ACME Help Desk")
            .repository(repository)
            .sealer(
                AesGcmSecretSealer.builder()
                    .currentKey("2027-05", newKey)
                    .previousKey("2026-11", key)
                    .build())
            .build();
    // ... and a background job re-seals every record, resumable, safe during sign-ins
    Optional<String> next = Optional.empty();
    do {
      next = rotated.resealBatch(next.orElse(null), 500);
    } while (next.isPresent());
    // END README

    assertFalse(weak);
    assertEquals(secretFromTheOldSystem, backToThePhone.secret().toBase32());
    assertTrue(resynchronized.isAccepted(), resynchronized::toString);
    assertEquals(-9, resynchronized.drift(), "the second code, 4 min 30 s behind");
    TwoFactor onlyTheNewKey =
        TwoFactor.builder()
            .issuer("ACME Help Desk")
            .repository(repository)
            .sealer(AesGcmSecretSealer.builder().currentKey("2027-05", newKey).build())
            .build();
    assertTrue(onlyTheNewKey.missingKeyIds().isEmpty(), "nothing is left under the old key");
  }

  @Test
  void devices_trustRotateRevoke() {
    enrolled("agent-42");
    Verification signIn = twoFactor.verify("agent-42", codeFromTheLoginForm());
    session.put("twofactor.proof", signIn.proof());
    String cookie;

    // README devices
    // "Trust this browser for 30 days", ticked on the code page
    DeviceToken trusted =
        twoFactor.trustDevice(
            "agent-42", Proof.token(session.get("twofactor.proof")), "Firefox on Linux");
    cookie = trusted.token(); // HttpOnly, Secure, SameSite=Lax; 256 random bits

    // Next sign-in, after the password: the cookie instead of a code
    DeviceVerification d = twoFactor.verifyDevice("agent-42", cookie);
    if (d.isAccepted()) {
      cookie = d.newToken().map(DeviceToken::token).orElse(cookie); // rotated at every use
    } // REPLAYED: a copy of an old token was used; every device of the account is forgotten

    List<TrustedDevice> devices = twoFactor.status("agent-42").trustedDevices(); // to list
    twoFactor.revokeDevices("agent-42"); // "forget all browsers"
    // END README

    assertTrue(d.isAccepted());
    assertNotEquals(trusted.token(), cookie);
    assertEquals(1, devices.size());
    assertEquals("Firefox on Linux", devices.get(0).label());
    assertEquals(Verification.Reason.MISMATCH, twoFactor.verifyDevice("agent-42", cookie).reason());
  }
}
