package dev.twofactor.benchmarks;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * A {@link SecureRandom} that is not random at all: it gives one fixed sequence of bytes, from its
 * start again after {@link #restart()}.
 *
 * <p>With it a benchmark can enroll an account again and get the same secret as before, so that
 * codes computed once in the setup stay valid for every enrollment. Never use it for anything else:
 * every secret it generates is known in advance.
 */
final class RepeatableRandom extends SecureRandom {
  private static final long serialVersionUID = 1L;

  /** The seed of the sequence. */
  private final long seed;

  /** Where in the sequence the next bytes come from. */
  private transient SplittableRandom sequence;

  /** A source that gives the sequence of the given seed. */
  RepeatableRandom(long seed) {
    this.seed = seed;
    this.sequence = new SplittableRandom(seed);
  }

  /** Starts the sequence again from its first byte. */
  void restart() {
    sequence = new SplittableRandom(seed);
  }

  @Override
  public void nextBytes(byte[] bytes) {
    sequence.nextBytes(bytes);
  }
}
