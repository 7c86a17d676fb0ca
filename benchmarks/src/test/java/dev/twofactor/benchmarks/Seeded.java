package dev.twofactor.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Seeded cases for property tests: a {@link Property} is a parameterized test whose cases are drawn
 * from a {@link SplittableRandom}. The seed is random for each test run unless the system property
 * {@code twofactor.test.seed} fixes it; every case is named with its index and the seed, and a
 * failing case says how to replay it ({@code ./mvnw verify -Dtwofactor.test.seed=...}).
 */
final class Seeded {
  static final String SEED_PROPERTY = "twofactor.test.seed";

  /** This run's seed: {@code -Dtwofactor.test.seed=N} replays a run, otherwise a new one. */
  static final long SEED = seed();

  /**
   * At most this many drawn cases per property ({@code -Dtwofactor.test.maxCases=N}); unlimited
   * unless set. Mutation testing sets it, since it runs the tests again for every mutant.
   */
  static final int MAX_CASES = Integer.getInteger("twofactor.test.maxCases", Integer.MAX_VALUE);

  private Seeded() {}

  private static long seed() {
    String fixed = System.getProperty(SEED_PROPERTY, "");
    return fixed.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(fixed.strip());
  }

  /**
   * A property: a parameterized test over seeded cases (from a {@code @MethodSource} of {@link
   * #cases}) whose failures name the case and the seed.
   */
  @Target(ElementType.METHOD)
  @Retention(RetentionPolicy.RUNTIME)
  @ParameterizedTest(name = "{0}")
  @ExtendWith(ShowSeed.class)
  @interface Property {}

  /** {@code count} cases drawn from this run's seed; each has a generator of its own. */
  static Stream<Arguments> cases(int count, Function<SplittableRandom, Arguments> draw) {
    return cases(List.of(), count, draw);
  }

  /** The given edge cases first, then {@code count} drawn cases. */
  static Stream<Arguments> cases(
      List<Arguments> edgeCases, int count, Function<SplittableRandom, Arguments> draw) {
    SplittableRandom root = new SplittableRandom(SEED);
    int drawnCount = Math.min(count, MAX_CASES);
    Stream<Arguments> edges =
        IntStream.range(0, edgeCases.size())
            .mapToObj(i -> named("edge case " + (i + 1), edgeCases.get(i)));
    Stream<Arguments> drawn =
        IntStream.range(0, drawnCount)
            .mapToObj(
                i -> {
                  SplittableRandom random = root.split();
                  return named(
                      String.format(Locale.ROOT, "case %d of %d, seed %d", i + 1, drawnCount, SEED),
                      draw.apply(random));
                });
    return Stream.concat(edges, drawn);
  }

  private static Arguments named(String name, Arguments arguments) {
    Object[] values = arguments.get().clone();
    values[0] = Named.of(name, values[0]);
    return Arguments.of(values);
  }

  /** A whole number from min to max inclusive; one time in eight an end of the range or 0. */
  static long between(SplittableRandom random, long min, long max) {
    if (random.nextInt(8) == 0) {
      long[] edges = {min, max, Math.max(min, Math.min(max, 0)), min + 1 <= max ? min + 1 : min};
      return edges[random.nextInt(edges.length)];
    }
    return max == Long.MAX_VALUE ? random.nextLong(min, max) : random.nextLong(min, max + 1);
  }

  /** An int from min to max inclusive, as {@link #between(SplittableRandom, long, long)}. */
  static int between(SplittableRandom random, int min, int max) {
    return (int) between(random, (long) min, (long) max);
  }

  /** Random bytes, of a length from min to max inclusive (often one of the two). */
  static byte[] bytes(SplittableRandom random, int minLength, int maxLength) {
    byte[] bytes = new byte[between(random, minLength, maxLength)];
    random.nextBytes(bytes);
    return bytes;
  }

  /**
   * Text of minLength to maxLength UTF-16 characters: half of them ASCII (controls included), the
   * others anywhere in the Basic Multilingual Plane but the surrogates.
   */
  static String text(SplittableRandom random, int minLength, int maxLength) {
    int length = between(random, minLength, maxLength);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      char c = (char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000));
      if (!Character.isSurrogate(c)) {
        text.append(c);
      }
    }
    return text.toString();
  }

  /** One of the values, each as likely. */
  static <T> T oneOf(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** Rethrows a failure of a seeded case with the case, the seed and how to replay it. */
  static final class ShowSeed implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) {
      throw new AssertionError(
          String.format(
              Locale.ROOT,
              "%s failed (replay: -D%s=%d): %s",
              context.getDisplayName(),
              SEED_PROPERTY,
              SEED,
              thrown),
          thrown);
    }
  }
}
