package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.OtpAuthUri;
import dev.twofactor.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs the example proposed for the README's QR code section, between the {@code // README qr} and
 * {@code // END README} markers.
 */
final class ReadmeTest {
  @Test
  void qrExample_runs() {
    Secret secret = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    OtpAuthUri uri = OtpAuthUri.totp(secret).issuer("ACME Co").account("alice@example.com").build();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream systemOut = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      example(uri, console);
    } finally {
      System.setOut(systemOut);
    }
  }

  private static void example(OtpAuthUri uri, ByteArrayOutputStream console) {
    // README qr
    QrCode qr = QrCode.of(uri); // ZXing computes the modules, in-process
    String img = "<img alt=\"Scan with your authenticator app\" src=\"" + qr.toDataUri() + "\">";
    String svg = qr.toSvg(); // inline <svg>; or qr.toSvgDataUri()
    byte[] png = qr.withModuleSize(1).toPng(); // ~400 bytes: scale it up in CSS with
    // image-rendering: pixelated
    System.out.print(qr.toTerminalString()); // for a dark terminal; for a light one:
    // qr.withInvertedTerminal(true)
    // END README

    assertTrue(
        img.startsWith("<img alt=\"Scan with your authenticator app\" src=\"data:image/png;"));
    assertEquals(Uris.TYPICAL, Scan.png(qr.toPng()).getText());
    assertEquals(Uris.TYPICAL, Scan.png(png).getText());
    assertTrue(png.length < 400, png.length + " bytes");
    assertEquals("svg", SvgImage.parse(svg).root.getLocalName());
    assertEquals(qr.toTerminalString(), console.toString(StandardCharsets.UTF_8));
  }
}
