package dev.twofactor.qr;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * The error-correction level of a QR code (ISO/IEC 18004 §5.5): how much of the symbol may be
 * damaged or hidden and still be read.
 *
 * <p>A higher level survives more damage (a logo on the code, glare on a screen) at the cost of a
 * bigger symbol for the same text. {@link #M} is the usual choice for codes shown on a screen.
 */
public enum ErrorCorrection {
  /** Low: about 7% of the codewords can be restored. */
  L(ErrorCorrectionLevel.L),
  /** Medium: about 15% of the codewords can be restored; the default. */
  M(ErrorCorrectionLevel.M),
  /** Quartile: about 25% of the codewords can be restored. */
  Q(ErrorCorrectionLevel.Q),
  /** High: about 30% of the codewords can be restored. */
  H(ErrorCorrectionLevel.H);

  private final ErrorCorrectionLevel zxing;

  ErrorCorrection(ErrorCorrectionLevel zxing) {
    this.zxing = zxing;
  }

  ErrorCorrectionLevel zxing() {
    return zxing;
  }
}
