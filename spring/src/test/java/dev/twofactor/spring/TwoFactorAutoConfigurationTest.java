package dev.twofactor.spring;

import static dev.twofactor.Verification.Reason.MISMATCH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.CredentialRepository;
import dev.twofactor.DeviceToken;
import dev.twofactor.Enrollment;
import dev.twofactor.InMemoryCredentialRepository;
import dev.twofactor.Proof;
import dev.twofactor.ProofRejectedException;
import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.SecretSealer;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.Totp;
import dev.twofactor.TrustedDevice;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.Verification;
import dev.twofactor.jdbc.JdbcCredentialRepository;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.support.SpringFactoriesLoader;

final class TwoFactorAutoConfigurationTest {
  private static final String KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TwoFactorAutoConfiguration.class))
          .withPropertyValues(
              "twofactor.issuer=ACME Help Desk",
              "twofactor.sealer.current-key-id=k1",
              "twofactor.sealer.keys.k1=" + KEY);

  @Test
  void missingIssuer_failsStartUpNamingTheProperty() {
    FailureAnalysis analysis = failure(runner.withPropertyValues("twofactor.issuer="));

    assertEquals(
        "The two-factor configuration is incomplete: twofactor.issuer: must be set",
        analysis.getDescription());
    assertEquals(
        "Set twofactor.issuer to the name that authenticator apps show above the account, for"
            + " example twofactor.issuer=ACME Help Desk.",
        analysis.getAction());
  }

  @Test
  void issuerWithAColon_failsStartUpNamingTheProperty() {
    FailureAnalysis analysis = failure(runner.withPropertyValues("twofactor.issuer=ACME:Desk"));

    assertTrue(
        analysis
            .getDescription()
            .startsWith("The two-factor configuration is incomplete: twofactor.issuer: "),
        analysis.getDescription());
  }

  @Test
  void missingSealerKeys_failStartUpNamingTheProperties() {
    FailureAnalysis analysis =
        failure(
            new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TwoFactorAutoConfiguration.class))
                .withPropertyValues("twofactor.issuer=ACME Help Desk"));

    assertEquals(
        "The two-factor configuration is incomplete: twofactor.sealer.current-key-id: must be set,"
            + " with the key twofactor.sealer.keys.<id>",
        analysis.getDescription());
    assertTrue(analysis.getAction().contains("TWOFACTOR_SEALER_KEYS_K1"), analysis.getAction());
    assertTrue(
        analysis.getAction().contains("twofactor.sealer.insecure-plain-text=true"),
        analysis.getAction());
  }

  @Test
  void currentKeyIdWithoutItsKey_failsNamingTheKeyProperty() {
    FailureAnalysis analysis =
        failure(runner.withPropertyValues("twofactor.sealer.current-key-id=k2"));

    assertEquals(
        "The two-factor configuration is incomplete: twofactor.sealer.keys.k2: must be set: it is"
            + " the current key, twofactor.sealer.current-key-id",
        analysis.getDescription());
  }

  @Test
  void malformedKeys_failWithoutShowingTheKey() {
    FailureAnalysis notBase64 =
        failure(runner.withPropertyValues("twofactor.sealer.keys.k1=secret!key#text"));
    FailureAnalysis tooShort =
        failure(runner.withPropertyValues("twofactor.sealer.keys.k1=AAAAAAAAAAAAAAAAAAAAAA=="));

    assertEquals(
        "The two-factor configuration is incomplete: twofactor.sealer.keys.k1: must be base64",
        notBase64.getDescription());
    assertFalse(notBase64.getAction().contains("secret!key"), notBase64.getAction());
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.sealer.keys.k1: must be the base64"
            + " of 32 bytes: 16 bytes",
        tooShort.getDescription());
  }

  @Test
  void insecurePlainText_isUsedOnlyWhenAskedFor_andWarnedAbout() {
    try (Logs logs = Logs.capture()) {
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TwoFactorAutoConfiguration.class))
          .withPropertyValues(
              "twofactor.issuer=ACME Help Desk", "twofactor.sealer.insecure-plain-text=true")
          .run(
              context ->
                  assertSame(
                      SecretSealer.insecurePlainText(), context.getBean(SecretSealer.class)));

      assertTrue(
          logs.text()
              .contains(
                  "twofactor.sealer.insecure-plain-text=true: two-factor secrets are"
                      + " stored in plain text"),
          logs.text());
    }
  }

  @Test
  void withoutDataSource_theInMemoryRepositoryIsUsed_andWarnedAbout() {
    try (Logs logs = Logs.capture()) {
      runner.run(
          context ->
              assertInstanceOf(
                  InMemoryCredentialRepository.class, context.getBean(CredentialRepository.class)));

      assertTrue(logs.text().contains("No DataSource: two-factor credentials are kept in memory"));
    }
  }

  @Test
  void withDataSource_theJdbcRepositoryIsUsed_onTheConfiguredTable() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:auto-configuration-test",
            "twofactor.jdbc.table=mfa",
            "twofactor.jdbc.create-table=true")
        .run(
            context -> {
              JdbcCredentialRepository repository =
                  assertInstanceOf(
                      JdbcCredentialRepository.class, context.getBean(CredentialRepository.class));
              assertEquals("mfa", repository.table());
              TwoFactor twoFactor = context.getBean(TwoFactor.class);
              twoFactor.enroll("agent-42", "alice");
              assertEquals("PENDING", twoFactor.status("agent-42").state().name());
            });
  }

  @Test
  void applicationsClock_isUsed_andEventsArePublished() {
    runner
        .withUserConfiguration(ClockAndListener.class)
        .run(
            context -> {
              FakeClock clock = context.getBean(FakeClock.class);
              Enrollment enrollment = context.getBean(TwoFactor.class).enroll("agent-42", "alice");
              assertEquals(clock.instant().plus(Duration.ofMinutes(10)), enrollment.expiresAt());
              List<TwoFactorEvent> events = context.getBean(ClockAndListener.class).events;
              assertEquals(1, events.size());
              assertEquals(TwoFactorEvent.Type.ENROLLED, events.get(0).type());
            });
  }

  @Test
  void applicationsOwnBeans_replaceTheModulesBeans() {
    TwoFactor own = TwoFactor.builder().issuer("Own").build();
    runner
        .withBean(TwoFactor.class, () -> own)
        .withBean(CredentialRepository.class, InMemoryCredentialRepository::new)
        .run(context -> assertSame(own, context.getBean(TwoFactor.class)));
  }

  @Test
  void defaults_areTheLibrarysDefaults() {
    runner.run(
        context -> {
          TwoFactorProperties p = context.getBean(TwoFactorProperties.class);
          String service = context.getBean(TwoFactor.class).toString();
          assertTrue(service.contains(Totp.defaults().toString()), service);
          assertTrue(service.contains(ThrottlePolicy.defaults().toString()), service);
          assertTrue(service.contains(RecoveryCodePolicy.defaults().toString()), service);
          Totp totp = Totp.defaults();
          assertEquals(totp.algorithm(), p.totp().algorithm());
          assertEquals(totp.digits(), p.totp().digits());
          assertEquals(totp.period(), p.totp().period());
          assertEquals(totp.windowBehind(), p.totp().windowBehind());
          assertEquals(totp.windowAhead(), p.totp().windowAhead());
          ThrottlePolicy throttle = ThrottlePolicy.defaults();
          assertEquals(throttle.freeFailures(), p.throttle().freeFailures());
          assertEquals(throttle.firstDelay(), p.throttle().firstDelay());
          assertEquals(throttle.lockOut(), p.throttle().lockOut());
          assertEquals(throttle.maxFailures(), p.throttle().maxFailures());
          assertEquals(throttle.dailyBudget(), p.throttle().dailyBudget());
          assertEquals(throttle.monthlyBudget(), p.throttle().monthlyBudget());
          RecoveryCodePolicy codes = RecoveryCodePolicy.defaults();
          assertEquals(codes.count(), p.recoveryCodes().count());
          assertEquals(codes.iterations(), p.recoveryCodes().iterations());
          ThrottlePolicy recoveryBackoff = RecoveryCodePolicy.builder().build().throttle();
          assertEquals(recoveryBackoff.freeFailures(), p.recoveryCodes().freeFailures());
          assertEquals(recoveryBackoff.firstDelay(), p.recoveryCodes().firstDelay());
          assertEquals(recoveryBackoff.lockOut(), p.recoveryCodes().longestDelay());
          // TwoFactor.Builder's defaults, which the service does not show.
          assertEquals(Duration.ofMinutes(10), p.enrollmentTimeout());
          assertEquals(Duration.ofMinutes(5), p.proofLifetime());
          assertEquals(40, p.totp().resynchronizationRange());
          assertEquals(Duration.ofMinutes(5), p.web().stepUp());
          assertEquals(TwoFactorProperties.Policy.REQUIRED, p.policy());
          assertEquals(
              new TwoFactorProperties.TrustedDevices(
                  true,
                  10,
                  Duration.ofDays(30),
                  Duration.ofSeconds(10),
                  "twofactor-trusted-browser"),
              p.trustedDevices());
        });
  }

  @Test
  void trustedDeviceSettings_reachTheService() {
    runner
        .withUserConfiguration(ClockAndListener.class)
        .withPropertyValues(
            "twofactor.trusted-devices.max=2",
            "twofactor.trusted-devices.lifetime=12h",
            "twofactor.trusted-devices.grace=0s")
        .run(
            context -> {
              TwoFactor twoFactor = context.getBean(TwoFactor.class);
              FakeClock clock = context.getBean(FakeClock.class);
              Proof proof = Proof.token(enrolled(twoFactor, clock).proof());
              DeviceToken first = twoFactor.trustDevice("agent-42", proof, "first");
              clock.advance(Duration.ofSeconds(1));
              twoFactor.trustDevice("agent-42", proof, "second");
              clock.advance(Duration.ofSeconds(1));
              DeviceToken third = twoFactor.trustDevice("agent-42", proof, "third");

              // At most two: the oldest went.
              assertEquals(
                  List.of("second", "third"),
                  twoFactor.status("agent-42").trustedDevices().stream()
                      .map(TrustedDevice::label)
                      .sorted()
                      .toList());
              assertEquals(MISMATCH, twoFactor.verifyDevice("agent-42", first.token()).reason());
              assertEquals(clock.instant().plus(Duration.ofHours(12)), third.expiresAt());
              // No grace: the replaced token, presented again at once, is a copy.
              assertTrue(twoFactor.verifyDevice("agent-42", third.token()).isAccepted());
              assertEquals(
                  Verification.Reason.REPLAYED,
                  twoFactor.verifyDevice("agent-42", third.token()).reason());
            });
  }

  @Test
  void trustedDeviceSettingsOutOfRange_failStartUpNamingTheirProperty() {
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.trusted-devices: trusted devices"
            + " must be between 1 and 100: 0",
        failure(runner.withPropertyValues("twofactor.trusted-devices.max=0")).getDescription());
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.trusted-devices: device lifetime"
            + " must be positive and at most 365 days: PT8784H",
        failure(runner.withPropertyValues("twofactor.trusted-devices.lifetime=366d"))
            .getDescription());
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.trusted-devices: device grace must"
            + " be from zero to one minute: PT2M",
        failure(runner.withPropertyValues("twofactor.trusted-devices.grace=2m")).getDescription());
  }

  @Test
  void cookieNameThatIsNoCookieName_failsStartUpNamingTheProperty() {
    Throwable[] failure = new Throwable[1];
    new WebApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                TwoFactorAutoConfiguration.class, TwoFactorSecurityAutoConfiguration.class))
        .withPropertyValues(
            "twofactor.issuer=ACME Help Desk",
            "twofactor.sealer.current-key-id=k1",
            "twofactor.sealer.keys.k1=" + KEY,
            "twofactor.trusted-devices.cookie-name=trust me")
        .run(context -> failure[0] = context.getStartupFailure());
    FailureAnalysis analysis = new TwoFactorFailureAnalyzer().analyze(failure[0]);

    assertTrue(analysis != null, "the analyzer must recognise the failure: " + failure[0]);
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.trusted-devices.cookie-name: must be"
            + " 1 to 64 letters, digits or !#$%&'*+-.^_`|~: \"trust me\"",
        analysis.getDescription());
  }

  @Test
  void throttleBudgets_reachTheService() {
    runner
        .withPropertyValues(
            "twofactor.throttle.daily-budget=7", "twofactor.throttle.monthly-budget=12")
        .run(
            context -> {
              String service = context.getBean(TwoFactor.class).toString();
              assertTrue(service.contains(", 7 a day, 12 in 30 days, locked after 100]"), service);
            });
  }

  @Test
  void recoveryCodeBackoff_reachesTheService() {
    runner
        .withUserConfiguration(ClockAndListener.class)
        .withPropertyValues(
            "twofactor.recovery-codes.iterations=1000",
            "twofactor.recovery-codes.free-failures=1",
            "twofactor.recovery-codes.first-delay=1m",
            "twofactor.recovery-codes.longest-delay=90s")
        .run(
            context -> {
              TwoFactor twoFactor = context.getBean(TwoFactor.class);
              FakeClock clock = context.getBean(FakeClock.class);
              Verification confirmed = enrolled(twoFactor, clock);
              twoFactor.generateRecoveryCodes("agent-42", Proof.token(confirmed.proof()));

              // One free failure, then one minute, doubling to at most 90 seconds.
              assertEquals(MISMATCH, wrongRecoveryCode(twoFactor).reason());
              assertEquals(MISMATCH, wrongRecoveryCode(twoFactor).reason());
              assertEquals(
                  clock.instant().plus(Duration.ofMinutes(1)),
                  wrongRecoveryCode(twoFactor).retryAfter());
              clock.advance(Duration.ofMinutes(1));
              assertEquals(MISMATCH, wrongRecoveryCode(twoFactor).reason());
              assertEquals(
                  clock.instant().plus(Duration.ofSeconds(90)),
                  wrongRecoveryCode(twoFactor).retryAfter());
            });
  }

  @Test
  void proofLifetime_reachesTheService() {
    runner
        .withUserConfiguration(ClockAndListener.class)
        .withPropertyValues(
            "twofactor.recovery-codes.iterations=1000",
            "twofactor.proof-lifetime=2m",
            "twofactor.web.step-up=2m")
        .run(
            context -> {
              TwoFactor twoFactor = context.getBean(TwoFactor.class);
              FakeClock clock = context.getBean(FakeClock.class);
              Proof proof = Proof.token(enrolled(twoFactor, clock).proof());

              clock.advance(Duration.ofSeconds(89));
              assertEquals(10, twoFactor.generateRecoveryCodes("agent-42", proof).codes().size());
              clock.advance(Duration.ofSeconds(31));
              ProofRejectedException refused =
                  assertThrows(
                      ProofRejectedException.class,
                      () -> twoFactor.generateRecoveryCodes("agent-42", proof));
              assertEquals(Verification.Reason.EXPIRED, refused.verification().reason());
            });
  }

  @Test
  void resynchronizationRange_reachesTheService() {
    runner
        .withUserConfiguration(ClockAndListener.class)
        .withPropertyValues("twofactor.totp.resynchronization-range=4")
        .run(
            context -> {
              TwoFactor twoFactor = context.getBean(TwoFactor.class);
              FakeClock clock = context.getBean(FakeClock.class);
              SoftwareAuthenticator phone =
                  SoftwareAuthenticator.scan(
                      twoFactor.enroll("agent-42", "alice").uri().toUriString());
              assertTrue(twoFactor.confirm("agent-42", phone.code(clock)).isAccepted());
              clock.advance(Duration.ofSeconds(30));
              Instant now = clock.instant();

              // Five and six steps ahead: within the default range of 40, outside this one.
              assertEquals(
                  MISMATCH,
                  twoFactor
                      .resynchronize(
                          "agent-42",
                          phone.codeAt(now.plusSeconds(150)),
                          phone.codeAt(now.plusSeconds(180)))
                      .reason());
              assertTrue(
                  twoFactor
                      .resynchronize(
                          "agent-42",
                          phone.codeAt(now.plusSeconds(90)),
                          phone.codeAt(now.plusSeconds(120)))
                      .isAccepted());
            });
  }

  @Test
  void stepUpLongerThanTheProofLifetime_failsStartUpNamingBothProperties() {
    FailureAnalysis analysis = failure(runner.withPropertyValues("twofactor.web.step-up=10m"));

    assertEquals(
        "The two-factor configuration is incomplete: twofactor.web.step-up: must not be longer"
            + " than twofactor.proof-lifetime (PT5M): PT10M",
        analysis.getDescription());
    assertEquals(
        "Shorten twofactor.web.step-up to at most twofactor.proof-lifetime, or lengthen"
            + " twofactor.proof-lifetime (at most 1h) to at least twofactor.web.step-up.",
        analysis.getAction());
    runner
        .withPropertyValues("twofactor.web.step-up=10m", "twofactor.proof-lifetime=10m")
        .run(context -> assertTrue(context.getStartupFailure() == null, "equal is fine"));
  }

  @Test
  void outOfRangeSettings_failStartUpNamingTheirProperty() {
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.web.step-up: must be positive: PT0S",
        failure(runner.withPropertyValues("twofactor.web.step-up=0s")).getDescription());
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.proof-lifetime: proofLifetime must"
            + " be positive and at most PT1H: PT2H",
        failure(runner.withPropertyValues("twofactor.proof-lifetime=2h")).getDescription());
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.totp.resynchronization-range:"
            + " resynchronizationRange must be between 1 and 100: 101",
        failure(runner.withPropertyValues("twofactor.totp.resynchronization-range=101"))
            .getDescription());
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.throttle: budgets must be at least"
            + " 1: 0 a day, 10 in 30 days",
        failure(runner.withPropertyValues("twofactor.throttle.daily-budget=0")).getDescription());
    assertEquals(
        "The two-factor configuration is incomplete: twofactor.recovery-codes: lockOut must be"
            + " between the first delay (PT1M) and PT8760H: PT30S",
        failure(
                runner.withPropertyValues(
                    "twofactor.recovery-codes.first-delay=1m",
                    "twofactor.recovery-codes.longest-delay=30s"))
            .getDescription());
  }

  /** Enrolls and confirms {@code agent-42}; returns the confirmation, with its proof. */
  private static Verification enrolled(TwoFactor twoFactor, FakeClock clock) {
    SoftwareAuthenticator phone =
        SoftwareAuthenticator.scan(twoFactor.enroll("agent-42", "alice").uri().toUriString());
    Verification confirmed = twoFactor.confirm("agent-42", phone.code(clock));
    assertTrue(confirmed.isAccepted());
    return confirmed;
  }

  private static Verification wrongRecoveryCode(TwoFactor twoFactor) {
    return twoFactor.redeemRecoveryCode("agent-42", "0000-0000-0000");
  }

  @Test
  void sealerSettings_neverPrintTheirKeys() {
    runner.run(
        context -> {
          String text = context.getBean(TwoFactorProperties.class).toString();
          assertFalse(text.contains(KEY), text);
          assertTrue(text.contains("keys=[k1]"), text);
        });
  }

  @Test
  void failureAnalyzer_isRegisteredForSpringBoot() {
    List<FailureAnalyzer> analyzers =
        SpringFactoriesLoader.forDefaultResourceLocation()
            .load(
                FailureAnalyzer.class,
                SpringFactoriesLoader.FailureHandler.handleMessage((m, e) -> {}));

    assertTrue(analyzers.stream().anyMatch(a -> a instanceof TwoFactorFailureAnalyzer));
  }

  @Test
  void missingIssuer_stopsARealApplication_withBootsFailureReport() {
    try (Logs logs = Logs.capture()) {
      assertThrows(Exception.class, () -> Apps.start(TestApp.class, "twofactor.issuer="));

      assertTrue(logs.text().contains("APPLICATION FAILED TO START"), logs.text());
      assertTrue(logs.text().contains("twofactor.issuer: must be set"), logs.text());
    }
  }

  private static FailureAnalysis failure(ApplicationContextRunner runner) {
    Throwable[] failure = new Throwable[1];
    runner.run((AssertableApplicationContext context) -> failure[0] = context.getStartupFailure());
    assertTrue(failure[0] != null, "start-up must fail");
    FailureAnalysis analysis = new TwoFactorFailureAnalyzer().analyze(failure[0]);
    assertTrue(analysis != null, "the analyzer must recognise the failure: " + failure[0]);
    return analysis;
  }

  @Configuration(proxyBeanMethods = false)
  static class ClockAndListener {
    final List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();

    @Bean
    FakeClock clock() {
      return FakeClock.at(Instant.parse("2026-01-01T10:00:00Z"));
    }

    @EventListener
    void on(TwoFactorEvent event) {
      events.add(event);
    }
  }
}
