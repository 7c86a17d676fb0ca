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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  @Seeded.Property
  @MethodSource("uris")
  void of_otpAuthUri_scannedByAPhone_givesTheCodesCoreAccepts(OtpAuthUri uri) {
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

  /**
   * URIs the library builds: secrets of 10 to 64 bytes, generated names, every algorithm, 6 or 8
   * digits, TOTP (half of them) with a 30, 60 or 90 s period or HOTP with any counter.
   */
  static Stream<Arguments> uris() {
    return Seeded.cases(
        200,
        random -> {
          Secret s = Secret.fromBytes(Seeded.bytes(random, 10, 64));
          String issuer = Uris.names(random);
          String account = Uris.names(random);
          Algorithm alg = Seeded.oneOf(random, List.of(Algorithm.values()));
          int d = Seeded.oneOf(random, List.of(6, 8));
          long c = random.nextBoolean() ? -1 : Seeded.between(random, 0L, Long.MAX_VALUE);
          int p = Seeded.oneOf(random, List.of(30, 60, 90));
          OtpAuthUri.Builder builder =
              c < 0 ? OtpAuthUri.totp(s).period(Duration.ofSeconds(p)) : OtpAuthUri.hotp(s, c);
          return Arguments.of(
              builder.issuer(issuer).account(account).algorithm(alg).digits(d).build());
        });
  }
}
