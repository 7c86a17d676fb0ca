package dev.twofactor.jdbc;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import java.util.List;

/**
 * The migration from 0.1 on PostgreSQL, of a table of the PostgreSQL and of the portable DDL of
 * 0.1, each in a table of its own.
 */
@RequiresPostgres
final class PostgresMigrationFrom01Test extends MigrationFrom01Contract {
  @Override
  String jdbcUrl() {
    return TestDatabases.postgresUrl();
  }

  @Override
  List<Dialect> dialects() {
    return List.of(Dialect.POSTGRESQL, Dialect.PORTABLE);
  }
}
