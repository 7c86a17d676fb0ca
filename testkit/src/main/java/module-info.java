/**
 * Test support for two-factor login flows: RFC test vectors, a fake clock and a software
 * authenticator. Depends on nothing but the JDK, so that it checks the library as an independent
 * implementation would.
 */
module dev.twofactor.testkit {
  requires static transitive org.jspecify;

  exports dev.twofactor.testkit;
}
