package dev.twofactor.spring;

import dev.twofactor.TwoFactorEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

/**
 * The meters of {@link TwoFactorMetricsAutoConfiguration}, fed by the {@link TwoFactorEvent}s that
 * the service publishes and by the code page's timer. Counts nothing until Spring Boot binds it to
 * the application's registry.
 */
final class MicrometerTwoFactorMetrics
    implements MeterBinder,
        SecondStepObserver,
        ApplicationListener<PayloadApplicationEvent<TwoFactorEvent>> {
  private volatile @Nullable MeterRegistry registry;

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onApplicationEvent(PayloadApplicationEvent<TwoFactorEvent> event) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    TwoFactorEvent e = event.getPayload();
    switch (e.type()) {
      case ACCEPTED -> verification(r, "accepted", "accepted");
      case REJECTED ->
          verification(
              r, "rejected", e.reason().map(reason -> lower(reason.name())).orElse("unknown"));
      case ENROLLED -> count(r, "twofactor.enrollments", "stage", "started");
      case CONFIRMED -> count(r, "twofactor.enrollments", "stage", "confirmed");
      case REPLACEMENT_STARTED -> count(r, "twofactor.enrollments", "stage", "replacement_started");
      case SECRET_REPLACED -> count(r, "twofactor.enrollments", "stage", "replaced");
      case RECOVERY_CODE_USED -> count(r, "twofactor.recovery.codes", "action", "used");
      case RECOVERY_CODES_GENERATED -> count(r, "twofactor.recovery.codes", "action", "generated");
      case RESYNCHRONIZED ->
          Counter.builder("twofactor.resynchronizations").register(r).increment();
      case LOCKED -> Counter.builder("twofactor.lockouts").register(r).increment();
      case DISABLED -> Counter.builder("twofactor.removals").register(r).increment();
      case RESET -> count(r, "twofactor.administrations", "action", "reset");
      case UNLOCKED -> count(r, "twofactor.administrations", "action", "unlocked");
      case IMPORTED -> count(r, "twofactor.administrations", "action", "imported");
      case EXPORTED -> count(r, "twofactor.administrations", "action", "exported");
      case RESEALED -> Counter.builder("twofactor.reseals").register(r).increment();
      case DEVICE_TRUSTED -> count(r, "twofactor.devices", "action", "trusted");
      case DEVICE_SIGNED_IN -> count(r, "twofactor.devices", "action", "signed_in");
      case DEVICE_TOKEN_REUSED -> count(r, "twofactor.devices", "action", "token_reused");
      case DEVICE_REVOKED -> count(r, "twofactor.devices", "action", "revoked");
      case DEVICES_REVOKED -> count(r, "twofactor.devices", "action", "all_revoked");
      default -> {
        // Types added by later versions of the service are not counted.
      }
    }
  }

  @Override
  public void secondStep(Duration duration, String outcome) {
    MeterRegistry r = registry;
    if (r != null) {
      Timer.builder("twofactor.second.step")
          .description("The code page's POST: checking the code and, if accepted, the new session")
          .tag("outcome", outcome)
          .register(r)
          .record(duration);
    }
  }

  private static void verification(MeterRegistry r, String outcome, String reason) {
    Counter.builder("twofactor.verifications")
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(r)
        .increment();
  }

  private static void count(MeterRegistry r, String name, String tag, String value) {
    Counter.builder(name).tag(tag, value).register(r).increment();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
