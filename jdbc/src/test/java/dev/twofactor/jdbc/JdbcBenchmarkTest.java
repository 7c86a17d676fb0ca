package dev.twofactor.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.Enrollment;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.TwoFactor;
import dev.twofactor.Verification.Reason;
import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import dev.twofactor.testkit.FakeClock;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A harness, not a test: verifications per second through PostgreSQL with 1 and 8 threads, and SQL
 * statements per verification. Excluded from every build by its tag; run it with
 *
 * <pre>
 * TWOFACTOR_TEST_POSTGRES_URL=$(.ci/start-postgres) ./mvnw -B -pl jdbc -am verify \
 *     -Dtwofactor.test.excludedGroups=none -Dtest=JdbcBenchmarkTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>Each thread logs one account in again and again, through its own {@link TwoFactor} (with its
 * own fake clock, 30 seconds later at each verification, so that every code is new) over one shared
 * repository and pool of as many connections as threads: the work of one {@code SELECT} and one
 * {@code UPDATE} per verification, as a host with that many concurrent logins does. Failed
 * verifications use a policy without waits or budgets, so that each costs the same two statements.
 */
@Tag("benchmark")
@RequiresPostgres
final class JdbcBenchmarkTest {
  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final Duration MEASURE = Duration.ofSeconds(10);

  @Test
  void verificationsPerSecond() throws Exception {
    StringBuilder report = new StringBuilder("\nJdbcBenchmarkTest (PostgreSQL)\n");
    for (int threads : new int[] {1, 8}) {
      for (boolean success : new boolean[] {true, false}) {
        report.append(run(threads, success)).append('\n');
      }
    }
    System.out.println(report);
  }

  private static String run(int threads, boolean success) throws Exception {
    String table = TestDatabases.uniqueTable();
    try (HikariDataSource pool =
        TestDatabases.pool(TestDatabases.postgresUrl(), "bench-" + table, threads)) {
      RecordingDataSource recording = new RecordingDataSource(pool);
      JdbcCredentialRepository repository =
          JdbcCredentialRepository.builder(recording).table(table).build();
      repository.createTableIfNotExists(Dialect.POSTGRESQL);
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      try {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          String account = "agent-" + t;
          futures.add(executor.submit(() -> loop(repository, account, success, start)));
        }
        long measured = 0;
        long all = 0;
        for (Future<long[]> f : futures) {
          long[] counts = f.get(120, TimeUnit.SECONDS);
          measured += counts[0];
          all += counts[1];
        }
        // Less the table's creation, and each thread's enrollment and confirmation.
        long statements = recording.takeVerbs().size() - 1 - 4L * threads;
        return String.format(
            Locale.ROOT,
            "%d thread%s, %s verifications: %,.0f per second (%,d in %d s);"
                + " %.2f SQL statements per verification",
            threads,
            threads == 1 ? "" : "s",
            success ? "successful" : "failed",
            measured / (double) MEASURE.toSeconds(),
            measured,
            MEASURE.toSeconds(),
            statements / (double) all);
      } finally {
        executor.shutdownNow();
        TestDatabases.dropTable(pool, table);
      }
    }
  }

  /** Verifies for the warm-up, then counts verifications for the measured time. */
  private static long[] loop(
      JdbcCredentialRepository repository, String account, boolean success, CyclicBarrier start)
      throws Exception {
    FakeClock clock = FakeClock.at(CredentialRepositoryContract.START);
    TwoFactor tf =
        TwoFactor.builder()
            .issuer("ACME")
            .repository(repository)
            .clock(clock)
            .throttle(
                ThrottlePolicy.builder()
                    .freeFailures(Integer.MAX_VALUE)
                    .maxFailures(Integer.MAX_VALUE)
                    .budgets(Integer.MAX_VALUE, Integer.MAX_VALUE)
                    .build())
            .sealer(
                AesGcmSecretSealer.builder()
                    .currentKey("k", CredentialRepositoryContract.KEY)
                    .build())
            .build();
    Enrollment e = tf.enroll(account, "user@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    tf.confirm(account, phone.code(clock));
    Reason expected = success ? Reason.ACCEPTED : Reason.MISMATCH;
    start.await(60, TimeUnit.SECONDS);
    long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
    long count = 0;
    long all = 0;
    long end = Long.MAX_VALUE;
    while (true) {
      long now = System.nanoTime();
      if (end == Long.MAX_VALUE && now >= warmUpEnd) {
        end = now + MEASURE.toNanos();
        count = 0;
      } else if (now >= end) {
        return new long[] {count, all};
      }
      clock.advance(Duration.ofSeconds(30));
      String code = phone.code(clock);
      if (!success) {
        code = code.charAt(0) == '0' ? "1" + code.substring(1) : "0" + code.substring(1);
      }
      assertEquals(expected, tf.verify(account, code).reason());
      count++;
      all++;
    }
  }
}
