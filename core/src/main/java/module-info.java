/**
 * Authenticator-app two-factor authentication: RFC 4226 HOTP, RFC 6238 TOTP, Base32 secrets and
 * otpauth:// key URIs.
 *
 * <p>The module exports one package, {@link dev.twofactor}. Its only runtime dependency is Apache
 * Commons Codec, used for Base32.
 */
module dev.twofactor {
  requires static transitive org.jspecify;
  requires org.apache.commons.codec;

  exports dev.twofactor;
}
