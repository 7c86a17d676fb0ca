/**
 * A {@link dev.twofactor.CredentialRepository} in a SQL table through a {@link
 * javax.sql.DataSource}: {@link dev.twofactor.jdbc.JdbcCredentialRepository}, its DDL per database
 * and the migrations of its table.
 *
 * <p>The module exports {@link dev.twofactor.jdbc}. It requires {@code dev.twofactor} and {@code
 * java.sql} transitively, because {@link dev.twofactor.CredentialRecord} and {@link
 * javax.sql.DataSource} appear in its API; drivers and pools are the host's choice.
 */
module dev.twofactor.jdbc {
  requires static transitive org.jspecify;
  requires transitive dev.twofactor;
  requires transitive java.sql;

  exports dev.twofactor.jdbc;
}
