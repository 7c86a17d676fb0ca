package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An attacker who knows the password guesses codes for a year against a user who signs in hourly,
 * daily or weekly: as many guesses as the throttle lets through, in bursts between the user's
 * sign-ins, with random 6-digit guesses from fixed seeds and a fake clock. The attacker's chance of
 * success in a year is 1 - (1 - w/10<sup>6</sup>)<sup>g</sup> for g guesses checked and a window of
 * w codes; the simulation also counts the guesses that were actually right.
 *
 * <p>Against the 0.1 throttle (a back-off that every sign-in reset, no budget) the same attacker
 * had 23 % a year against an hourly user; against the default {@link ThrottlePolicy} it has under
 * 0.1 % whatever the user does, whether the attacker uses one address, a new one for every guess,
 * or the user's own address too; and a user at a known address is never kept out.
 */
final class GuessingSimulationTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration YEAR = Duration.ofDays(365);
  private static final int WINDOW_CODES = 3;
  private static final long SEED = 20_261_129L;
  private static final String USER_ADDRESS = "198.51.100.1";

  /** Where the attacker sends guesses from. */
  enum Attacker {
    /** One address of their own. */
    ONE_ADDRESS,
    /** A new address for every guess. */
    ROTATING_ADDRESSES,
    /** The user's own address too (a shared network, or a header the host trusts blindly). */
    ALSO_THE_USERS_ADDRESS
  }

  /** The throttle of version 0.1: a back-off that a sign-in reset, and no budget. */
  private static final ThrottlePolicy VERSION_01 =
      ThrottlePolicy.builder().budgets(ThrottlePolicy.UNLIMITED, ThrottlePolicy.UNLIMITED).build();

  /** What one simulated year gave the attacker. */
  record Year(int checkedGuesses, int rightGuesses, int userSignIns, int userRefusals) {
    double successProbability() {
      return 1 - Math.pow(1 - WINDOW_CODES / 1e6, checkedGuesses);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d guesses checked, %d right, %.3f %% a year; the user signed in %d times, refused %d",
          checkedGuesses,
          rightGuesses,
          100 * successProbability(),
          userSignIns,
          userRefusals);
    }
  }

  /**
   * Simulates a year. The attacker guesses whenever the throttle takes an attempt, from one
   * address, or from a new address for every guess when {@code rotateAddresses}; the user signs in
   * every {@code signInEvery} from an address of their own.
   */
  static Year simulate(ThrottlePolicy throttle, Duration signInEvery, Attacker from, long seed) {
    FakeClock clock = FakeClock.at(START);
    TwoFactor tf = TwoFactor.builder().issuer("ACME").clock(clock).throttle(throttle).build();
    TwoFactor user = tf.withContext(RequestContext.of(USER_ADDRESS, "user's browser"));
    Enrollment e = user.enroll("victim", "victim@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    assertTrue(user.confirm("victim", phone.code(clock)).isAccepted());
    SplittableRandom random = new SplittableRandom(seed);
    Instant end = START.plus(YEAR);
    Instant nextSignIn = START.plus(signInEvery);
    int checked = 0;
    int right = 0;
    int signIns = 0;
    int refusals = 0;
    int address = 0;
    while (clock.instant().isBefore(end)) {
      // The attacker guesses until the throttle says to wait, or the user is about to sign in.
      Instant attackerMayTry = clock.instant();
      while (attackerMayTry.isBefore(nextSignIn) && attackerMayTry.isBefore(end)) {
        clock.set(attackerMayTry);
        String attackerAddress =
            switch (from) {
              case ONE_ADDRESS -> "203.0.113.7";
              case ROTATING_ADDRESSES -> "203.0.113." + (address++ % 250);
              case ALSO_THE_USERS_ADDRESS -> address++ % 2 == 0 ? "203.0.113.7" : USER_ADDRESS;
            };
        TwoFactor attacker = tf.withContext(RequestContext.of(attackerAddress, "bot"));
        String guess = String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000));
        Verification v = attacker.verify("victim", guess);
        if (v.reason() == Reason.THROTTLED) {
          attackerMayTry = v.retryAfter();
          continue;
        }
        if (v.reason() != Reason.REPLAYED) {
          checked++;
        }
        if (v.isAccepted()) {
          right++;
        }
        // A new step gives a new code to guess against: no reason to wait otherwise.
        attackerMayTry = clock.instant().plusMillis(1);
      }
      clock.set(nextSignIn);
      Verification signIn = user.verify("victim", phone.code(clock));
      if (signIn.isAccepted()) {
        signIns++;
      } else {
        refusals++;
      }
      nextSignIn = nextSignIn.plus(signInEvery);
    }
    return new Year(checked, right, signIns, refusals);
  }

  @Test
  void defaults_keepAPatientAttackerUnder0point1PercentAYear() {
    for (Duration every :
        new Duration[] {Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7)}) {
      for (Attacker from : Attacker.values()) {
        Year year = simulate(ThrottlePolicy.defaults(), every, from, SEED);
        String what = "user every " + every + ", attacker from " + from;
        System.out.println("[guessing simulation] defaults, " + what + ": " + year);
        assertTrue(year.successProbability() <= 0.001, what + ": " + year);
        assertEquals(0, year.rightGuesses(), what);
        // Each group's budgets end a burst of at most 10, then refill one every 72 hours.
        int groups = from == Attacker.ALSO_THE_USERS_ADDRESS ? 2 : 1;
        assertTrue(year.checkedGuesses() <= groups * (10 + 365 * 24 / 72 + 1), what + ": " + year);
        if (from != Attacker.ALSO_THE_USERS_ADDRESS) {
          assertEquals(0, year.userRefusals(), "the user at a known address is never kept out");
        } else {
          // Sharing the user's address, the attacker spends the budget the user signs in with,
          // and after 100 failures without a sign-in the hard stop ends the guessing: the user
          // needs a recovery code (which refills everything) or an administrator.
          assertEquals(100, year.checkedGuesses(), what);
        }
      }
    }
  }

  @Test
  void version01_throttleLetTheSameAttackerWin23PercentAgainstAnHourlyUser() {
    Year hourly = simulate(VERSION_01, Duration.ofHours(1), Attacker.ONE_ADDRESS, SEED);
    System.out.println("[guessing simulation] 0.1's throttle, user every hour: " + hourly);
    assertTrue(hourly.successProbability() > 0.2, hourly.toString());
    Year daily = simulate(VERSION_01, Duration.ofDays(1), Attacker.ONE_ADDRESS, SEED);
    System.out.println("[guessing simulation] 0.1's throttle, user every day: " + daily);
    assertTrue(daily.successProbability() > 0.015, daily.toString());
  }
}
