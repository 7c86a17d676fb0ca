package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twofactor.Algorithm;
import dev.twofactor.OtpAuthUri;
import dev.twofactor.Secret;
import dev.twofactor.Totp;
import dev.twofactor.testkit.SoftwareAuthenticator;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link QrCode#of(OtpAuthUri)}: the code of a URI built by core decodes to its text, and testkit's
 * software authenticator, scanning that text as a phone would, computes the codes core accepts.
 */
final class QrCodeEnrollmentTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  @Test
  void of_otpAuthUri_isTheCodeOfItsUriString() {
    Secret secret = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    OtpAuthUri uri = OtpAuthUri.totp(secret).issuer("ACME Co").account("alice@example.com").build();

    QrCode qr = QrCode.of(uri);

    assertEquals(Uris.TYPICAL, Scan.png(qr.toPng()).getText());
    assertEquals(QrCode.of(Uris.TYPICAL).toSvg(), qr.toSvg());
    assertEquals(ErrorCorrection.M, qr.errorCorrection());
    assertEquals(
        "QR code for two-factor enrollment",
        SvgImage.parse(qr.toSvg()).only("title").getTextContent());
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(Scan.png(qr.toPng()).getText());
    assertEquals(Totp.defaults().generate(secret, NOW), phone.codeAt(NOW));
  }

  @Test
  void of_otpAuthUri_withLevel() {
    OtpAuthUri uri =
        OtpAuthUri.totp(Secret.fromBase32("JBSWY3DPEHPK3PXP")).issuer("A").account("b").build();

    QrCode qr = QrCode.of(uri, ErrorCorrection.H);

    assertEquals(ErrorCorrection.H, qr.errorCorrection());
    assertEquals(uri.toUriString(), Scan.modules(Scan.modulesOf(qr), 3).getText());
  }

  @Test
  void of_otpAuthUri_rejectsNull() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> QrCode.of((OtpAuthUri) null));
    assertEquals("uri", e.getMessage());
  }

  @Test
  void of_otpAuthUri_tooLong_namesLengthAndLimit() {
    OtpAuthUri uri =
        OtpAuthUri.totp(Secret.fromBase32("JBSWY3DPEHPK3PXP"))
            .issuer("東京".repeat(60))
            .account("alice@example.com")
            .build();
    int length = uri.toUriString().length();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> QrCode.of(uri, ErrorCorrection.H));

    assertEquals(
        "text must be at most 1273 bytes to fit a QR code at error correction level H: "
            + length
            + " bytes",
        e.getMessage());
  }

  @Property(tries = 200)
  void of_otpAuthUri_scannedByAPhone_givesTheCodesCoreAccepts(@ForAll("uris") OtpAuthUri uri) {
    String scanned = Scan.png(QrCode.of(uri).withModuleSize(3).toPng()).getText();

    assertEquals(uri.toUriString(), scanned);
    SoftwareAuthenticator phone = SoftwareAuthenticator.scan(scanned);
    if (uri.type() == OtpAuthUri.Type.TOTP) {
      assertEquals(uri.toTotp().generate(uri.secret(), NOW), phone.codeAt(NOW));
    } else {
      assertEquals(
          uri.toHotp().generate(uri.secret(), uri.counter()), phone.codeAtCounter(uri.counter()));
    }
  }

  @Provide
  Arbitrary<OtpAuthUri> uris() {
    Arbitrary<Secret> secret =
        Arbitraries.bytes().array(byte[].class).ofMinSize(10).ofMaxSize(64).map(Secret::fromBytes);
    Arbitrary<Algorithm> algorithm = Arbitraries.of(Algorithm.class);
    Arbitrary<Integer> digits = Arbitraries.of(6, 8);
    Arbitrary<Long> counter = Arbitraries.longs().between(-1, Long.MAX_VALUE);
    Arbitrary<Integer> period = Arbitraries.of(30, 60, 90);
    return Combinators.combine(
            secret, Uris.names(), Uris.names(), algorithm, digits, counter, period)
        .as(
            (s, issuer, account, alg, d, c, p) -> {
              OtpAuthUri.Builder builder =
                  c < 0 ? OtpAuthUri.totp(s).period(Duration.ofSeconds(p)) : OtpAuthUri.hotp(s, c);
              return builder.issuer(issuer).account(account).algorithm(alg).digits(d).build();
            });
  }
}
