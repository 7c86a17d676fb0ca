/**
 * Runnable demos of twofactor as a host application uses it; not published.
 *
 * <p>{@code dev.twofactor.examples.Demo} walks the help-desk flow: enroll with a QR code, confirm
 * the first code, log in, recovery codes, an administrator's reset. It exports nothing: it is an
 * application, started with {@code java -m dev.twofactor.examples/dev.twofactor.examples.Demo} (the
 * {@code ./demo} script at the root of the repository does that).
 */
module dev.twofactor.examples {
  requires static org.jspecify;
  requires dev.twofactor;
  requires dev.twofactor.qr;
  // Not only in tests: --simulate uses the SoftwareAuthenticator as the phone and a FakeClock.
  requires dev.twofactor.testkit;
}
