package dev.twofactor.spring;

import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.CredentialRepository;
import dev.twofactor.InMemoryCredentialRepository;
import dev.twofactor.RecoveryCodePolicy;
import dev.twofactor.SecretSealer;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.Totp;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.jdbc.JdbcCredentialRepository;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds a {@link TwoFactor} from the {@code twofactor.*} properties, with its {@link SecretSealer}
 * and {@link CredentialRepository}; each bean only if the application has none of its own.
 *
 * <ul>
 *   <li>The repository is a {@link JdbcCredentialRepository} over the application's {@link
 *       DataSource} when there is one, with the table of {@code twofactor.jdbc.table}, created at
 *       start only if {@code twofactor.jdbc.create-table=true}; without a {@code DataSource}, an
 *       {@link InMemoryCredentialRepository}, with a warning that it is for development.
 *   <li>The sealer is an {@link AesGcmSecretSealer} with the keys of {@code twofactor.sealer.*};
 *       without keys start-up fails, unless {@code twofactor.sealer.insecure-plain-text=true},
 *       which is warned about at every start.
 *   <li>The service trusts browsers as {@code twofactor.trusted-devices.*} say: how many per
 *       account, for how long, with what grace for parallel requests.
 *   <li>The service uses the application's {@link Clock} bean if it has one, and publishes every
 *       {@link TwoFactorEvent} as a Spring application event: audit with {@code @EventListener void
 *       on(TwoFactorEvent event)}.
 * </ul>
 *
 * <p>A missing issuer, missing or malformed keys and out-of-range policies stop start-up with a
 * report that names the property to set; so does a {@code twofactor.web.step-up} longer than {@code
 * twofactor.proof-lifetime}, which the pages' step-up relies on (a factor the pages take for recent
 * must come with a proof that the service still accepts). An application's own {@link TwoFactor}
 * bean is not checked: give it a proof lifetime no shorter than the step-up.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(TwoFactorProperties.class)
public final class TwoFactorAutoConfiguration {
  private static final Log log = LogFactory.getLog(TwoFactorAutoConfiguration.class);

  /** AES-256 keys are 32 bytes. */
  private static final int KEY_BYTES = 32;

  /** Creates the configuration; Spring Boot does. */
  public TwoFactorAutoConfiguration() {}

  /**
   * The sealer: AES-256-GCM with the keys of {@code twofactor.sealer.*}, or plain text if {@code
   * twofactor.sealer.insecure-plain-text=true}.
   *
   * @param properties the properties
   * @return the sealer
   */
  @Bean
  @ConditionalOnMissingBean
  public SecretSealer twoFactorSecretSealer(TwoFactorProperties properties) {
    return sealer(properties.sealer());
  }

  /**
   * The service.
   *
   * @param properties the properties
   * @param repository where credentials are stored
   * @param sealer how secrets are sealed
   * @param clock the application's clock, if it has one
   * @param events where every {@link TwoFactorEvent} is published
   * @return the service
   */
  @Bean
  @ConditionalOnMissingBean
  public TwoFactor twoFactor(
      TwoFactorProperties properties,
      CredentialRepository repository,
      SecretSealer sealer,
      ObjectProvider<Clock> clock,
      ApplicationEventPublisher events) {
    String issuer = properties.issuer();
    if (issuer == null || issuer.isBlank()) {
      throw new InvalidTwoFactorPropertyException(
          "twofactor.issuer",
          "must be set",
          "Set twofactor.issuer to the name that authenticator apps show above the account, for"
              + " example twofactor.issuer=ACME Help Desk.");
    }
    TwoFactorProperties.TotpSettings t = properties.totp();
    TwoFactorProperties.Throttle th = properties.throttle();
    TwoFactorProperties.RecoveryCodes rc = properties.recoveryCodes();
    Totp totp =
        checked(
            "twofactor.totp",
            () ->
                Totp.builder()
                    .algorithm(t.algorithm())
                    .digits(t.digits())
                    .period(t.period())
                    .window(t.windowBehind(), t.windowAhead())
                    .build());
    ThrottlePolicy throttle =
        checked(
            "twofactor.throttle",
            () ->
                ThrottlePolicy.builder()
                    .freeFailures(th.freeFailures())
                    .backoff(th.firstDelay(), th.lockOut())
                    .maxFailures(th.maxFailures())
                    .budgets(th.dailyBudget(), th.monthlyBudget())
                    .build());
    RecoveryCodePolicy recoveryCodes =
        checked(
            "twofactor.recovery-codes",
            () ->
                RecoveryCodePolicy.builder()
                    .count(rc.count())
                    .iterations(rc.iterations())
                    .backoff(rc.freeFailures(), rc.firstDelay(), rc.longestDelay())
                    .build());
    TwoFactor.Builder builder =
        TwoFactor.builder()
            .repository(repository)
            .sealer(sealer)
            .clock(clock.getIfUnique(Clock::systemUTC))
            .totp(totp)
            .throttle(throttle)
            .recoveryCodes(recoveryCodes)
            .listener(events::publishEvent);
    checked("twofactor.issuer", () -> builder.issuer(issuer));
    checked(
        "twofactor.enrollment-timeout",
        () -> builder.enrollmentTimeout(properties.enrollmentTimeout()));
    builder.proofLifetime(properties.proofLifetime());
    builder.resynchronizationRange(t.resynchronizationRange());
    TwoFactorProperties.TrustedDevices devices = properties.trustedDevices();
    builder.trustedDevices(devices.max(), devices.lifetime(), devices.grace());
    // Each setting that build() checks is tried alone first, so that a report names its property.
    checked(
        "twofactor.proof-lifetime",
        () -> oneSetting().proofLifetime(properties.proofLifetime()).build());
    checkStepUp(properties);
    checked(
        "twofactor.totp.resynchronization-range",
        () -> oneSetting().resynchronizationRange(t.resynchronizationRange()).build());
    checked(
        "twofactor.trusted-devices",
        () ->
            oneSetting()
                .trustedDevices(devices.max(), devices.lifetime(), devices.grace())
                .build());
    return checked("twofactor.issuer", builder::build);
  }

  /** A builder with a valid issuer and defaults, to check one other setting at a time. */
  private static TwoFactor.Builder oneSetting() {
    return TwoFactor.builder().issuer("settings");
  }

  /**
   * Fails start-up when the step-up is longer than the proof lifetime: the pages would then accept
   * a code as recent while the service already refuses its proof.
   */
  static void checkStepUp(TwoFactorProperties properties) {
    Duration stepUp = properties.web().stepUp();
    Duration proofLifetime = properties.proofLifetime();
    if (stepUp.isNegative() || stepUp.isZero()) {
      throw new InvalidTwoFactorPropertyException(
          "twofactor.web.step-up",
          "must be positive: " + stepUp,
          "Set twofactor.web.step-up to how recent a code must be to replace the authenticator,"
              + " make new recovery codes or turn it off, for example 5m.");
    }
    if (stepUp.compareTo(proofLifetime) > 0) {
      throw new InvalidTwoFactorPropertyException(
          "twofactor.web.step-up",
          "must not be longer than twofactor.proof-lifetime (" + proofLifetime + "): " + stepUp,
          "Shorten twofactor.web.step-up to at most twofactor.proof-lifetime, or lengthen"
              + " twofactor.proof-lifetime (at most 1h) to at least twofactor.web.step-up.");
    }
  }

  /** Runs a builder step, turning a rejected setting into a report that names its property. */
  private static <T> T checked(String property, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidTwoFactorPropertyException(
          property, String.valueOf(e.getMessage()), "Correct the " + property + " settings.");
    }
  }

  static SecretSealer sealer(TwoFactorProperties.Sealer settings) {
    String current = settings.currentKeyId();
    Map<String, String> keys = settings.keys() == null ? Map.of() : settings.keys();
    if (settings.insecurePlainText()) {
      if (current != null || !keys.isEmpty()) {
        throw new InvalidTwoFactorPropertyException(
            "twofactor.sealer.insecure-plain-text",
            "must not be true while keys are set",
            "Remove twofactor.sealer.insecure-plain-text: the keys seal secrets.");
      }
      log.warn(
          "twofactor.sealer.insecure-plain-text=true: two-factor secrets are stored in plain text;"
              + " for development only, never in production");
      return SecretSealer.insecurePlainText();
    }
    if (current == null || current.isBlank()) {
      throw new InvalidTwoFactorPropertyException(
          "twofactor.sealer.current-key-id",
          "must be set, with the key twofactor.sealer.keys.<id>",
          "Set twofactor.sealer.current-key-id=k1 and twofactor.sealer.keys.k1 to the base64 of"
              + " 32 random bytes (openssl rand -base64 32), usually from the environment variable"
              + " TWOFACTOR_SEALER_KEYS_K1; or, for development only,"
              + " twofactor.sealer.insecure-plain-text=true.");
    }
    if (!keys.containsKey(current)) {
      throw new InvalidTwoFactorPropertyException(
          "twofactor.sealer.keys." + current,
          "must be set: it is the current key, twofactor.sealer.current-key-id",
          "Set twofactor.sealer.keys."
              + current
              + " to the base64 of 32 random bytes (openssl rand -base64 32), usually from the"
              + " environment variable TWOFACTOR_SEALER_KEYS_"
              + current.toUpperCase(Locale.ROOT)
              + ".");
    }
    AesGcmSecretSealer.Builder builder = AesGcmSecretSealer.builder();
    for (Map.Entry<String, String> entry : new TreeMap<>(keys).entrySet()) {
      String id = entry.getKey();
      byte[] key = key(id, entry.getValue());
      if (id.equals(current)) {
        checked("twofactor.sealer.current-key-id", () -> builder.currentKey(id, key));
      } else {
        checked("twofactor.sealer.keys." + id, () -> builder.previousKey(id, key));
      }
    }
    return checked("twofactor.sealer", builder::build);
  }

  private static byte[] key(String id, String base64) {
    String property = "twofactor.sealer.keys." + id;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip().getBytes(StandardCharsets.US_ASCII));
    } catch (IllegalArgumentException e) {
      // Not e's message: it quotes the offending character of the key.
      throw new InvalidTwoFactorPropertyException(
          property,
          "must be base64",
          "Set " + property + " to the base64 of 32 random bytes (openssl rand -base64 32).");
    }
    if (key.length != KEY_BYTES) {
      throw new InvalidTwoFactorPropertyException(
          property,
          "must be the base64 of " + KEY_BYTES + " bytes: " + key.length + " bytes",
          "Set " + property + " to the base64 of 32 random bytes (openssl rand -base64 32).");
    }
    return key;
  }

  /** The JDBC repository, over the application's one {@link DataSource}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnSingleCandidate(DataSource.class)
  static class JdbcRepositoryConfiguration {
    @Bean
    @ConditionalOnMissingBean
    CredentialRepository twoFactorCredentialRepository(
        DataSource dataSource, TwoFactorProperties properties) {
      TwoFactorProperties.Jdbc jdbc = properties.jdbc();
      JdbcCredentialRepository repository =
          checked(
              "twofactor.jdbc.table",
              () -> JdbcCredentialRepository.builder(dataSource).table(jdbc.table()).build());
      if (jdbc.createTable()) {
        repository.createTableIfNotExists(dialect(dataSource));
      }
      return repository;
    }

    private static JdbcCredentialRepository.Dialect dialect(DataSource dataSource) {
      try (Connection c = dataSource.getConnection()) {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("postgresql")) {
          return JdbcCredentialRepository.Dialect.POSTGRESQL;
        }
        return product.equals("h2")
            ? JdbcCredentialRepository.Dialect.H2
            : JdbcCredentialRepository.Dialect.PORTABLE;
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot read the database product to create the two-factor table: SQL state "
                + e.getSQLState(),
            e);
      }
    }
  }

  /**
   * The in-memory repository, when the application has no {@link DataSource}. (An application with
   * several and none of them primary declares its repository itself.)
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean({CredentialRepository.class, DataSource.class})
  static class InMemoryRepositoryConfiguration {
    @Bean
    CredentialRepository twoFactorCredentialRepository() {
      log.warn(
          "No DataSource: two-factor credentials are kept in memory, lost at every restart and"
              + " not shared between nodes; for development only. Add a DataSource (and the"
              + " table) to keep them.");
      return new InMemoryCredentialRepository();
    }
  }
}
