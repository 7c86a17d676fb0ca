package dev.twofactor;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The associated data that binds a sealed value to what it is: its purpose, its account and the
 * enrollment it belongs to (and, for an active secret, its code parameters).
 *
 * <p>The encoding is strict and unambiguous: a version tag, then each part as a 4-byte big-endian
 * length and its UTF-8 bytes, encoded by an encoder that refuses lone surrogates instead of
 * replacing them. So two different bindings never have the same bytes: {@code "bob\uD800"} and
 * {@code "bob?"} are different accounts, and a value of one purpose never opens as another.
 */
final class Binding {
  /** What a sealed value is for. */
  enum Purpose {
    SECRET("secret"),
    PENDING_SECRET("pending-secret"),
    RECOVERY_CODES("recovery-codes"),
    DEVICES("devices"),
    PROOF("proof");

    final String label;

    Purpose(String label) {
      this.label = label;
    }
  }

  private static final byte[] VERSION = "twofactor/2".getBytes(StandardCharsets.US_ASCII);
  private static final int ID_BYTES = 16;
  private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Binding() {}

  /** Returns the associated data of a value. */
  static byte[] of(Purpose purpose, String accountId, String enrollmentId, String detail) {
    byte[][] parts = {
      utf8(purpose.label), utf8(accountId), utf8(enrollmentId), utf8(detail),
    };
    int length = VERSION.length;
    for (byte[] part : parts) {
      length += 4 + part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length).put(VERSION);
    for (byte[] part : parts) {
      out.putInt(part.length).put(part);
    }
    return out.array();
  }

  /** Returns the associated data of a secret sealed by version 0.1: the account id alone. */
  static byte[] legacy(String accountId) {
    return utf8(accountId);
  }

  /** Returns a new random enrollment id: 128 bits, 22 characters of Base64url. */
  static String newEnrollmentId() {
    byte[] id = new byte[ID_BYTES];
    Drbg.INSTANCE.nextBytes(id);
    return ID_ENCODER.encodeToString(id);
  }

  private static byte[] utf8(String text) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer bytes = encoder.encode(CharBuffer.wrap(text));
      byte[] out = new byte[bytes.remaining()];
      bytes.get(out);
      return out;
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          "text to bind must be well-formed UTF-16: " + Ascii.quote(text), e);
    }
  }
}
