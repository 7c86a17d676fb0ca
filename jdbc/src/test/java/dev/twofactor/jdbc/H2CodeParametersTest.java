package dev.twofactor.jdbc;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;

/** Code parameters per credential, imports and a key rotation through H2. */
final class H2CodeParametersTest extends CodeParametersContract {
  @Override
  TestTable newTable() {
    return TestTable.created(TestDatabases.newH2Url(), Dialect.H2);
  }
}
