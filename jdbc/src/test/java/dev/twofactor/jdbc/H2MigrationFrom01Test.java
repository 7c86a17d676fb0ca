package dev.twofactor.jdbc;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import java.util.List;

/** The migration from 0.1 on H2, of a table of the H2 and of the portable DDL of 0.1. */
final class H2MigrationFrom01Test extends MigrationFrom01Contract {
  @Override
  String jdbcUrl() {
    return TestDatabases.newH2Url();
  }

  @Override
  List<Dialect> dialects() {
    return List.of(Dialect.H2, Dialect.PORTABLE);
  }
}
