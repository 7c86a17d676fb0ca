/**
 * Authenticator-app two-factor authentication: RFC 4226 HOTP, RFC 6238 TOTP, Base32 secrets,
 * otpauth:// key URIs, and a service that stores its credentials in memory or in a SQL database.
 *
 * <p>The module exports {@link dev.twofactor} and {@link dev.twofactor.jdbc}. Its only runtime
 * dependency is Apache Commons Codec, used for Base32; {@code java.sql} is required transitively
 * because {@link javax.sql.DataSource} appears in the JDBC repository's API.
 */
module dev.twofactor {
  requires static transitive org.jspecify;
  requires transitive java.sql;
  requires org.apache.commons.codec;

  exports dev.twofactor;
  exports dev.twofactor.jdbc;
}
