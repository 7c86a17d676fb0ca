/**
 * Enrollment QR codes rendered in-process: SVG, PNG, data URIs and terminal text.
 *
 * <p>The module exports one package, {@link dev.twofactor.qr}. ZXing's core encoder computes the
 * module matrix; SVG, PNG (with {@link java.util.zip.Deflater}) and terminal text are written by
 * this module itself, so it needs neither AWT ({@code java.desktop}) nor ZXing's {@code javase}
 * module and works in headless servers, jlink'ed runtimes and native images.
 */
@SuppressWarnings("requires-automatic") // ZXing core 3.5.4 is an automatic module (its manifest).
module dev.twofactor.qr {
  requires static transitive org.jspecify;
  // transitive: QrCode.of(OtpAuthUri) has a type of dev.twofactor in its signature.
  requires transitive dev.twofactor;
  requires com.google.zxing;

  exports dev.twofactor.qr;
}
