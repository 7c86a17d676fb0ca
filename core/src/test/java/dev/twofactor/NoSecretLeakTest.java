package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole flow and collects every text the library shows (events, results, statuses, stored
 * records, exception messages), then looks in them for the secrets, the codes and the recovery
 * codes that went through it.
 */
final class NoSecretLeakTest {
  private final FakeClock clock = FakeClock.at(Instant.parse("2026-01-01T00:00:00Z"));
  private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();
  private final List<String> shown = new ArrayList<>();
  private final List<String> secrets = new ArrayList<>();

  /** A seeded generator, so that the secrets, and whether a code appears by chance, are fixed. */
  private static SecureRandom seeded() {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(20261128L);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private void show(Object o) {
    shown.add(String.valueOf(o));
  }

  private void showFailure(Runnable action) {
    RuntimeException e = assertThrows(RuntimeException.class, action::run);
    show(e.getMessage());
    show(e);
  }

  private void remember(Secret secret) {
    secrets.add(secret.toBase32());
    secrets.add(secret.toGroupedBase32());
    secrets.add(HexFormat.of().formatHex(secret.copyBytes()));
  }

  private String code(SoftwareAuthenticator phone) {
    String code = phone.code(clock);
    secrets.add(code);
    return code;
  }

  @Test
  void nothingShown_containsASecretACodeOrARecoveryCode() {
    byte[] key = new byte[32];
    seeded().nextBytes(key);
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME")
            .clock(clock)
            .random(seeded())
            .repository(repository)
            .sealer(AesGcmSecretSealer.builder().currentKey("k1", key).build())
            .recoveryCodes(TwoFactorTest.FAST_RECOVERY)
            .listener(this::show)
            .build();
    secrets.add(HexFormat.of().formatHex(key));
    show(tf);

    Enrollment e = tf.enroll("agent-42", "alice@example.com");
    remember(e.uri().secret());
    show(e);
    show(e.uri());
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    show(tf.confirm("agent-42", code(phone)));
    clock.advance(Duration.ofSeconds(30));
    String login = code(phone);
    Verification signedIn = tf.verify("agent-42", login);
    show(signedIn);
    String token = signedIn.proof();
    secrets.add(token);
    show(tf.verify("agent-42", login));
    for (int i = 0; i < 5; i++) {
      show(tf.verify("agent-42", TwoFactorTest.wrongCode(phone, clock.instant())));
    }
    show(Proof.token(token));
    showFailure(() -> tf.disable("agent-42", Proof.token(token + "x")));
    clock.advance(Duration.ofHours(1));
    RecoveryCodes recovery = tf.generateRecoveryCodes("agent-42", Proof.code(code(phone)));
    show(recovery);
    for (String c : recovery.codes()) {
      secrets.add(c);
      secrets.add(c.replace("-", ""));
    }
    show(tf.redeemRecoveryCode("agent-42", recovery.codes().get(0)));
    show(tf.redeemRecoveryCode("agent-42", recovery.codes().get(0)));
    show(tf.status("agent-42"));

    Enrollment rotation =
        tf.enroll("agent-42", "alice@example.com", Proof.recoveryCode(recovery.codes().get(2)));
    remember(rotation.uri().secret());
    show(rotation);
    show(tf.confirm("agent-42", code(SoftwareAuthenticator.scan(rotation.uri().toUriString()))));

    show(tf.export("agent-42", "alice@example.com", "admin"));
    show(tf.withContext(RequestContext.of("203.0.113.7", "Mozilla/5.0")));
    CredentialRecord stored = repository.load("agent-42");
    show(stored);
    show(stored.toMap());
    show(repository);

    // Failures: a record that does not open, a malformed stored map, refused names.
    Map<String, String> tampered = new LinkedHashMap<>(stored.toMap());
    tampered.put("secret", stored.secret().replace("aes-gcm:k1:", "aes-gcm:k9:"));
    repository.replace(stored.version(), CredentialRecord.fromMap(tampered));
    showFailure(() -> tf.verify("agent-42", "123456"));
    Map<String, String> malformed = new LinkedHashMap<>(stored.toMap());
    malformed.put("recovery_codes", "sealed " + recovery.codes().get(1));
    showFailure(() -> CredentialRecord.fromMap(malformed));
    Map<String, String> empty = new LinkedHashMap<>(stored.toMap());
    empty.remove("confirmed_at");
    showFailure(() -> CredentialRecord.fromMap(empty));
    showFailure(
        () ->
            SecretSealer.insecurePlainText()
                .open("plain:" + e.uri().secret().toBase32() + "!", new byte[0]));
    showFailure(() -> tf.generateRecoveryCodes("nobody", Proof.code("123456")));
    tf.reset("agent-42", "admin");

    assertTrue(shown.size() > 40, "the flow showed " + shown.size() + " texts");
    assertEquals(1 + 2 * 3 + 4 + 1 + 10 * 2, secrets.size());
    for (String text : shown) {
      for (String secret : secrets) {
        assertFalse(text.contains(secret), () -> "\"" + text + "\" shows a secret or a code");
      }
    }
  }
}
