package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.CredentialRepository;
import dev.twofactor.DeviceToken;
import dev.twofactor.Enrollment;
import dev.twofactor.InMemoryCredentialRepository;
import dev.twofactor.Proof;
import dev.twofactor.RequestContext;
import dev.twofactor.Secret;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

final class TwoFactorMetricsAutoConfigurationTest {
  private static final byte[] PREVIOUS_KEY = new byte[32];
  private static final byte[] CURRENT_KEY = filled(32, (byte) 7);

  @Test
  void everyEventType_isCounted_withoutAccountAdministratorAddressOrCodeInATag() {
    FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T10:00:00Z"));
    InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
    // A credential sealed under the previous key, for the batch re-seal to seal again.
    enrolled(
        TwoFactor.builder()
            .issuer("ACME Help Desk")
            .repository(repository)
            .sealer(AesGcmSecretSealer.builder().currentKey("k0", PREVIOUS_KEY).build())
            .clock(clock)
            .build(),
        "agent-0",
        clock);
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                TwoFactorAutoConfiguration.class, TwoFactorMetricsAutoConfiguration.class))
        .withBean(CredentialRepository.class, () -> repository)
        .withBean(FakeClock.class, () -> clock)
        .withPropertyValues(
            "twofactor.issuer=ACME Help Desk",
            "twofactor.sealer.current-key-id=k1",
            "twofactor.sealer.keys.k1=" + Base64.getEncoder().encodeToString(CURRENT_KEY),
            "twofactor.sealer.keys.k0=" + Base64.getEncoder().encodeToString(PREVIOUS_KEY))
        .run(
            context -> {
              SimpleMeterRegistry meters = new SimpleMeterRegistry();
              context.getBean(MicrometerTwoFactorMetrics.class).bindTo(meters);
              TwoFactor twoFactor =
                  context
                      .getBean(TwoFactor.class)
                      .withContext(RequestContext.of("203.0.113.7", "Mozilla/5.0"));
              List<String> typed = new java.util.ArrayList<>();

              SoftwareAuthenticator phone = enrolled(twoFactor, "agent-42", clock);
              String code = phone.code(clock);
              typed.add(code);
              Verification signedIn = twoFactor.verify("agent-42", code);
              Proof proof = Proof.token(signedIn.proof());
              // Trusted browsers: trusted, signed in, forgotten, copied, all forgotten.
              DeviceToken firefox = twoFactor.trustDevice("agent-42", proof, "Firefox on Linux");
              DeviceToken rotated =
                  twoFactor.verifyDevice("agent-42", firefox.token()).newToken().orElseThrow();
              assertTrue(twoFactor.revokeDevice("agent-42", firefox.deviceId()));
              DeviceToken chrome = twoFactor.trustDevice("agent-42", proof, "Chrome on Windows");
              assertTrue(twoFactor.verifyDevice("agent-42", chrome.token()).isAccepted());
              clock.advance(Duration.ofMinutes(1));
              assertEquals(
                  Verification.Reason.REPLAYED,
                  twoFactor.verifyDevice("agent-42", chrome.token()).reason());
              DeviceToken edge = twoFactor.trustDevice("agent-42", proof, "Edge on Windows");
              assertTrue(twoFactor.revokeDevices("agent-42"));
              for (DeviceToken t : List.of(firefox, rotated, chrome, edge)) {
                typed.add(t.token());
                typed.add(t.deviceId());
              }
              Enrollment replacement = twoFactor.enroll("agent-42", "agent-42", proof);
              SoftwareAuthenticator newPhone =
                  SoftwareAuthenticator.scan(replacement.uri().toUriString());
              String first = newPhone.code(clock);
              typed.add(first);
              assertTrue(twoFactor.confirm("agent-42", first).isAccepted());
              // The new phone's clock is ten minutes fast: two consecutive codes bring it back.
              Instant fast = clock.instant().plus(Duration.ofMinutes(10));
              String now = newPhone.codeAt(fast);
              String next = newPhone.codeAt(fast.plusSeconds(30));
              typed.add(now);
              typed.add(next);
              assertTrue(twoFactor.resynchronize("agent-42", now, next).isAccepted());
              assertTrue(twoFactor.unlock("agent-42", "admin-1"));
              twoFactor.export("agent-42", "agent-42", "admin-1");
              assertTrue(twoFactor.reset("agent-42", "admin-1"));
              twoFactor.importCredential("agent-43", Secret.generate(), "admin-1");
              twoFactor.resealBatch(null, 100);

              assertEquals(1, count(meters, "twofactor.enrollments", "stage", "started"));
              assertEquals(1, count(meters, "twofactor.enrollments", "stage", "confirmed"));
              assertEquals(
                  1, count(meters, "twofactor.enrollments", "stage", "replacement_started"));
              assertEquals(1, count(meters, "twofactor.enrollments", "stage", "replaced"));
              assertEquals(1, count(meters, "twofactor.verifications", "reason", "accepted"));
              assertEquals(1, count(meters, "twofactor.resynchronizations", null, null));
              assertEquals(1, count(meters, "twofactor.administrations", "action", "unlocked"));
              assertEquals(1, count(meters, "twofactor.administrations", "action", "exported"));
              assertEquals(1, count(meters, "twofactor.administrations", "action", "reset"));
              assertEquals(1, count(meters, "twofactor.administrations", "action", "imported"));
              assertEquals(1, count(meters, "twofactor.reseals", null, null));
              assertEquals(3, count(meters, "twofactor.devices", "action", "trusted"));
              assertEquals(2, count(meters, "twofactor.devices", "action", "signed_in"));
              assertEquals(1, count(meters, "twofactor.devices", "action", "token_reused"));
              assertEquals(1, count(meters, "twofactor.devices", "action", "revoked"));
              assertEquals(1, count(meters, "twofactor.devices", "action", "all_revoked"));
              for (Meter meter : meters.getMeters()) {
                for (Tag tag : meter.getId().getTags()) {
                  for (String secret :
                      concat(typed, "agent-0", "agent-42", "agent-43", "admin-1", "203.0.113.7")) {
                    assertFalse(tag.getValue().contains(secret), meter.getId().toString());
                  }
                }
              }
            });
  }

  private static double count(SimpleMeterRegistry meters, String name, String tag, String value) {
    var search = meters.find(name);
    if (tag != null) {
      search = search.tag(tag, value);
    }
    Counter counter = search.counter();
    return counter == null ? 0 : counter.count();
  }

  private static SoftwareAuthenticator enrolled(
      TwoFactor twoFactor, String account, FakeClock clock) {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(twoFactor.enroll(account, account).uri().toUriString());
    assertTrue(twoFactor.confirm(account, phone.code(clock)).isAccepted());
    clock.advance(Duration.ofSeconds(30));
    return phone;
  }

  private static List<String> concat(List<String> typed, String... names) {
    List<String> all = new java.util.ArrayList<>(typed);
    all.addAll(Arrays.asList(names));
    return all;
  }

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return bytes;
  }
}
