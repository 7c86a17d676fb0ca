package dev.twofactor.jdbc;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;

/** Code parameters per credential, imports and a key rotation through PostgreSQL. */
@RequiresPostgres
final class PostgresCodeParametersTest extends CodeParametersContract {
  @Override
  TestTable newTable() {
    return TestTable.created(TestDatabases.postgresUrl(), Dialect.POSTGRESQL);
  }
}
