/**
 * QR codes for authenticator-app enrollment, rendered without AWT or third-party services.
 *
 * <p>A {@link dev.twofactor.qr.QrCode} is the immutable, thread-safe module matrix of one text plus
 * rendering options; it writes SVG, PNG, {@code data:} URIs and terminal text.
 *
 * <pre>{@code
 * QrCode qr = QrCode.of(uri); // an OtpAuthUri
 * String img = "<img alt=\"QR code for two-factor enrollment\" src=\"" + qr.toDataUri() + "\">";
 * }</pre>
 *
 * <p>Nothing in this package is {@code null} unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.twofactor.qr;

import org.jspecify.annotations.NullMarked;
