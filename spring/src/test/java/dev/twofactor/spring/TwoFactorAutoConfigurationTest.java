package dev.twofactor.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.CredentialRepository;
import dev.twofactor.Enrollment;
import dev.twofactor.InMemoryCredentialRepository;
import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.SecretSealer;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.Totp;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.jdbc.JdbcCredentialRepository;
import dev.twofactor.testkit.FakeClock;
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
          RecoveryCodePolicy codes = RecoveryCodePolicy.defaults();
          assertEquals(codes.count(), p.recoveryCodes().count());
          assertEquals(codes.iterations(), p.recoveryCodes().iterations());
          assertEquals(Duration.ofMinutes(10), p.enrollmentTimeout());
          assertEquals(TwoFactorProperties.Policy.REQUIRED, p.policy());
          assertEquals(
              ThrottlePolicy.defaults().toString(),
              throttle.toString(),
              "the properties build the same policies");
        });
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
