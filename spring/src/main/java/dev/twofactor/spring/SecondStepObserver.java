package dev.twofactor.spring;

import java.time.Duration;

/** Told how long each second step took; metrics implement it when the application has them. */
interface SecondStepObserver {
  /** Does nothing. */
  SecondStepObserver NONE = (duration, outcome) -> {};

  /**
   * Records one submission of the code page.
   *
   * @param duration from the request's arrival at the code page to its answer
   * @param outcome {@code accepted} or the lower-case reason of the rejection; never a code
   */
  void secondStep(Duration duration, String outcome);
}
