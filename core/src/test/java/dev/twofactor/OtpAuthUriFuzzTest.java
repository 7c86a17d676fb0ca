package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Coverage-guided fuzzing of {@link OtpAuthUri#parse}, the reader of scanned and pasted key URIs:
 * it accepts or throws {@link InvalidOtpAuthUriException} with an index inside the text, never
 * shows the secret, and what it accepts is written and read back alike (unless the text written is
 * longer than {@link OtpAuthUri#MAX_LENGTH}, which it then refuses as too long).
 */
final class OtpAuthUriFuzzTest {
  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({
    "otpauth://",
    "totp",
    "hotp",
    "/",
    ":",
    "%3A",
    "%20",
    "?",
    "&",
    "=",
    "secret=",
    "issuer=",
    "algorithm=",
    "digits=",
    "period=",
    "counter=",
    "image=",
    "SHA256",
    "sha-512",
    "JBSWY3DPEHPK3PXP",
    "%C3%A9",
    "+",
    "#"
  })
  void parse_acceptsOrRefusesWithoutShowingTheSecret(byte[] input) {
    String text = FuzzInput.text(input);
    OtpAuthUri uri;
    try {
      uri = OtpAuthUri.parse(text);
    } catch (InvalidOtpAuthUriException e) {
      assertTrue(e.index() >= 0 && e.index() <= text.length(), "index " + e.index());
      assertNoSecret(text, null, String.valueOf(e.getMessage()));
      return;
    }
    String key = uri.secret().toBase32();
    assertNoSecret(text, key, uri.toString());
    for (OtpAuthUri.Warning warning : uri.warnings()) {
      assertNoSecret(text, key, warning.message());
    }

    // Written and read again: the same URI, its label prefix now the issuer; then a fixed point.
    String written = uri.toUriString();
    if (written.length() > OtpAuthUri.MAX_LENGTH) {
      // As parse documents: names are percent-encoded and the issuer is written twice, so the text
      // written can outgrow what parse reads (raw U+FFFD in an issuer becomes %EF%BF%BD, twice).
      InvalidOtpAuthUriException e =
          assertThrows(InvalidOtpAuthUriException.class, () -> OtpAuthUri.parse(written));
      assertEquals(InvalidOtpAuthUriException.Reason.TOO_LONG, e.reason(), e.getMessage());
      return;
    }
    OtpAuthUri again = OtpAuthUri.parse(written);
    assertEquals(uri.type(), again.type());
    assertEquals(uri.secret(), again.secret());
    assertEquals(uri.issuer(), again.issuer());
    assertEquals(uri.issuer(), again.labelPrefix());
    assertEquals(uri.account(), again.account());
    assertEquals(uri.algorithm(), again.algorithm());
    assertEquals(uri.digits(), again.digits());
    if (uri.type() == OtpAuthUri.Type.TOTP) {
      assertEquals(uri.period(), again.period());
    } else {
      assertEquals(uri.counter(), again.counter());
    }
    assertEquals(uri.extraParameters(), again.extraParameters());
    assertEquals(written, again.toUriString());
    assertEquals(again, OtpAuthUri.parse(written));
  }

  /**
   * The message contains neither the key read nor any secret parameter's value of 16 characters or
   * more (80 bits), in any case, unless that text also stands elsewhere in the URI, as written or
   * percent-decoded: a name may happen to contain it.
   */
  private static void assertNoSecret(String text, @Nullable String key, String message) {
    List<String> secrets = new ArrayList<>();
    StringBuilder rest = new StringBuilder();
    int query = text.indexOf('?');
    rest.append(query < 0 ? text : text.substring(0, query));
    if (query >= 0) {
      for (String pair : text.substring(query + 1).split("&", -1)) {
        if (Ascii.toLowerCase(pair).startsWith("secret=")) {
          secrets.add(pair.substring("secret=".length()));
        } else {
          rest.append('&').append(pair);
        }
      }
    }
    if (key != null) {
      secrets.add(key);
    }
    String elsewhere = (rest + "\n" + percentDecoded(rest.toString())).toUpperCase(Locale.ROOT);
    String upperMessage = message.toUpperCase(Locale.ROOT);
    for (String secret : secrets) {
      String upper = secret.toUpperCase(Locale.ROOT);
      if (secret.length() >= 16 && !elsewhere.contains(upper)) {
        assertFalse(upperMessage.contains(upper), message);
      }
    }
  }

  /** Percent-escapes decoded as UTF-8 where they are well-formed, everything else as it is. */
  private static String percentDecoded(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
      int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
      if (c == '%' && high >= 0 && low >= 0) {
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
