package dev.twofactor.jdbc;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;

/** A batch re-seal during sign-ins on two nodes that share an embedded H2 database. */
final class H2ResealDuringLoginsTest extends ResealDuringLoginsContract {
  private final String url = TestDatabases.newH2Url();

  @Override
  String jdbcUrl() {
    return url;
  }

  @Override
  Dialect dialect() {
    return Dialect.H2;
  }
}
