package dev.twofactor.jdbc;

import dev.twofactor.jdbc.JdbcCredentialRepository.Dialect;
import java.sql.SQLException;

/** Plain-SQL attacks on the credential table in H2. */
final class H2DatabaseAttackTest extends DatabaseAttackContract {
  @Override
  TestTable newTable() {
    return TestTable.created(TestDatabases.newH2Url(), Dialect.H2);
  }

  /** H2's {@code VARCHAR_IGNORECASE}. */
  @Override
  void createCaseInsensitiveTable(TestTable table) throws SQLException {
    String ddl = table.repository.ddl(Dialect.H2);
    String column = "account_id         VARCHAR(255) NOT NULL PRIMARY KEY";
    if (!ddl.contains(column)) {
      throw new AssertionError("the H2 DDL declares account_id otherwise: " + ddl);
    }
    ddl = ddl.replace(column, "account_id VARCHAR_IGNORECASE(255) NOT NULL PRIMARY KEY");
    table.execute(ddl.substring(0, ddl.lastIndexOf(';')));
  }
}
