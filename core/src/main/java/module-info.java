/**
 * Authenticator-app two-factor authentication: RFC 4226 HOTP, RFC 6238 TOTP, Base32 secrets,
 * otpauth:// key URIs, and a service that keeps its credentials in a repository of the host's
 * choice.
 *
 * <p>The module exports {@link dev.twofactor}. Its only runtime dependency is Apache Commons Codec,
 * used for Base32; the SQL repository is in module {@code dev.twofactor.jdbc}.
 */
module dev.twofactor {
  requires static transitive org.jspecify;
  requires org.apache.commons.codec;

  exports dev.twofactor;
}
