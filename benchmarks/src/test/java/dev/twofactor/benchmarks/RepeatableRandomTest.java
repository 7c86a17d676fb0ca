package dev.twofactor.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.twofactor.Secret;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class RepeatableRandomTest {
  @Test
  void restart_repeatsTheSameBytes() {
    RepeatableRandom random = new RepeatableRandom(7);
    byte[] first = new byte[20];
    random.nextBytes(first);
    byte[] second = new byte[20];
    random.nextBytes(second);
    assertFalse(Arrays.equals(first, second), "the sequence goes on");

    random.restart();
    byte[] again = new byte[20];
    random.nextBytes(again);
    assertArrayEquals(first, again);
  }

  @Test
  void sameSeed_sameSequence_alsoThroughSecureRandomsOtherMethods() {
    RepeatableRandom a = new RepeatableRandom(7);
    RepeatableRandom b = new RepeatableRandom(7);
    assertEquals(a.nextLong(), b.nextLong());
    assertEquals(a.nextInt(1000), b.nextInt(1000));
  }

  @Test
  void generate_afterRestart_givesTheSameSecret() {
    RepeatableRandom random = new RepeatableRandom(20261128L);
    Secret first = Secret.generate(20, random);
    random.restart();
    assertEquals(first, Secret.generate(20, random));
  }
}
