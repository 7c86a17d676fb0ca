package dev.twofactor.jdbc;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;

/** A batch re-seal during sign-ins on two nodes that share one PostgreSQL table. */
@RequiresPostgres
final class PostgresResealDuringLoginsTest extends ResealDuringLoginsContract {
  @Override
  String jdbcUrl() {
    return TestDatabases.postgresUrl();
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
