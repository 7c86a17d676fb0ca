package dev.twofactor.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.twofactor.AesGcmSecretSealer;
import dev.twofactor.Enrollment;
import dev.twofactor.SecretSealer;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.TwoFactor;
import dev.twofactor.TwoFactorEvent;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One simulated application node: its own connection pool, repository, {@link TwoFactor} and
 * threads, over a database shared with the other nodes.
 */
final class Node {
  final String name;
  final HikariDataSource pool;
  final JdbcCredentialRepository repository;
  final TwoFactor twoFactor;
  final ExecutorService threads;
  final List<TwoFactorEvent> events = new CopyOnWriteArrayList<>();

  Node(
      String name,
      String jdbcUrl,
      String table,
      int threads,
      Clock clock,
      ThrottlePolicy throttle) {
    this(name, jdbcUrl, table, threads, 5_000, clock, throttle);
  }

  Node(
      String name,
      String jdbcUrl,
      String table,
      int threads,
      long connectionTimeoutMillis,
      Clock clock,
      ThrottlePolicy throttle) {
    this(
        name,
        jdbcUrl,
        table,
        threads,
        connectionTimeoutMillis,
        clock,
        throttle,
        AesGcmSecretSealer.builder().currentKey("test", CredentialRepositoryContract.KEY).build());
  }

  Node(
      String name,
      String jdbcUrl,
      String table,
      int threads,
      long connectionTimeoutMillis,
      Clock clock,
      ThrottlePolicy throttle,
      SecretSealer sealer) {
    this.name = name;
    this.pool = TestDatabases.pool(jdbcUrl, name, threads, connectionTimeoutMillis);
    this.repository = JdbcCredentialRepository.builder(pool).table(table).build();
    this.twoFactor =
        TwoFactor.builder()
            .issuer("ACME Help Desk")
            .repository(repository)
            .clock(clock)
            .throttle(throttle)
            .recoveryCodes(CredentialRepositoryContract.FAST_RECOVERY)
            .sealer(sealer)
            .listener(events::add)
            .build();
    this.threads = Executors.newFixedThreadPool(threads);
  }

  /** Enrolls and confirms the account through this node, and returns the user's phone. */
  SoftwareAuthenticator activate(String accountId, Clock clock) {
    Enrollment e = twoFactor.enroll(accountId, "alice@example.com");
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(e.uri().toUriString());
    if (!twoFactor.confirm(accountId, phone.code(clock)).isAccepted()) {
      throw new AssertionError(name + ": the first code was not accepted");
    }
    return phone;
  }

  long count(TwoFactorEvent.Type type) {
    return events.stream().filter(e -> e.type() == type).count();
  }

  /** Stops the threads; the pool stays open, so that its connections can still be counted. */
  void stopThreads() throws InterruptedException {
    threads.shutdownNow();
    if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": threads did not stop");
    }
  }

  /** Stops the threads and closes the pool. */
  void shutDown() throws InterruptedException {
    try {
      stopThreads();
    } finally {
      pool.close();
    }
  }
}
