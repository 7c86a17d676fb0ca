package dev.twofactor.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a missing or wrong {@code twofactor.*} property into Spring Boot's start-up report, naming
 * the property and what to set.
 */
final class TwoFactorFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidTwoFactorPropertyException> {
  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, InvalidTwoFactorPropertyException cause) {
    return new FailureAnalysis(
        "The two-factor configuration is incomplete: " + cause.getMessage(), cause.action(), cause);
  }
}
