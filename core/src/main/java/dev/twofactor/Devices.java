package dev.twofactor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The trusted devices of a credential, as sealed in the record's {@code devices} field: for each,
 * its id, label, times, the SHA-256 of its current token and of the token it replaced, and when
 * that replacement happened. Only hashes are stored, and the whole list is sealed and bound to the
 * account and the credential, so that a database writer can neither read a token nor write one.
 * Immutable.
 *
 * <p>The plaintext is one line per device: {@code id, created, last used, expires, token hash,
 * previous hash or -, rotated at or -, label}, separated by tabs, instants as ISO-8601 and the
 * hashes and the label in unpadded Base64url.
 */
final class Devices {
  static final int TOKEN_BYTES = 32;
  static final int TOKEN_CHARS = 43;
  static final int MAX_LABEL = 100;
  private static final int ID_BYTES = 12;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final Devices NONE = new Devices(List.of());

  /** One trusted device; its hashes are never shown. */
  static final class Device {
    private final String id;
    private final String label;
    private final Instant created;
    private final Instant lastUsed;
    private final Instant expiresAt;
    final byte[] tokenHash;
    final byte @Nullable [] previousHash;
    private final @Nullable Instant rotatedAt;

    @SuppressWarnings("TooManyParameters") // one per stored value
    Device(
        String id,
        String label,
        Instant created,
        Instant lastUsed,
        Instant expiresAt,
        byte[] tokenHash,
        byte @Nullable [] previousHash,
        @Nullable Instant rotatedAt) {
      this.id = id;
      this.label = label;
      this.created = created;
      this.lastUsed = lastUsed;
      this.expiresAt = expiresAt;
      this.tokenHash = tokenHash;
      this.previousHash = previousHash;
      this.rotatedAt = rotatedAt;
    }

    String id() {
      return id;
    }

    String label() {
      return label;
    }

    Instant created() {
      return created;
    }

    Instant expiresAt() {
      return expiresAt;
    }

    @Nullable Instant rotatedAt() {
      return rotatedAt;
    }

    TrustedDevice view() {
      return new TrustedDevice(id, label, created, lastUsed, expiresAt);
    }
  }

  final List<Device> devices;

  private Devices(List<Device> devices) {
    this.devices = List.copyOf(devices);
  }

  static Devices none() {
    return NONE;
  }

  static Devices of(List<Device> devices) {
    return devices.isEmpty() ? NONE : new Devices(devices);
  }

  /** Returns a new random token: 256 bits from the library's DRBG. */
  static String newToken() {
    byte[] token = new byte[TOKEN_BYTES];
    Drbg.INSTANCE.nextBytes(token);
    return ENCODER.encodeToString(token);
  }

  /** Returns a new random device id. */
  static String newId() {
    byte[] id = new byte[ID_BYTES];
    Drbg.INSTANCE.nextBytes(id);
    return ENCODER.encodeToString(id);
  }

  /** Tells whether a presented text has the form of a token: 43 characters of Base64url. */
  static boolean isToken(CharSequence text) {
    if (text.length() != TOKEN_CHARS) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static byte[] hash(CharSequence token) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(token.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Finds the device whose current token, or whose just-replaced token, has this hash; every stored
   * hash is compared in constant time.
   */
  @Nullable Device byCurrent(byte[] hash) {
    Device found = null;
    for (Device d : devices) {
      if (MessageDigest.isEqual(d.tokenHash, hash) && found == null) {
        found = d;
      }
    }
    return found;
  }

  @Nullable Device byPrevious(byte[] hash) {
    Device found = null;
    for (Device d : devices) {
      byte[] previous = d.previousHash;
      if (previous != null && MessageDigest.isEqual(previous, hash) && found == null) {
        found = d;
      }
    }
    return found;
  }

  /** Returns the list with {@code device} in place of the one of its id, or added. */
  Devices with(Device device, int max) {
    List<Device> next = new ArrayList<>();
    for (Device d : devices) {
      if (!d.id.equals(device.id)) {
        next.add(d);
      }
    }
    next.add(device);
    while (next.size() > max) {
      Device oldest = next.get(0);
      for (Device d : next) {
        if (d.created.isBefore(oldest.created)) {
          oldest = d;
        }
      }
      next.remove(oldest);
    }
    return of(next);
  }

  Devices without(String id) {
    return of(devices.stream().filter(d -> !d.id.equals(id)).toList());
  }

  /** Returns the list without the devices whose trust ended before {@code now}. */
  Devices unexpired(Instant now) {
    return of(devices.stream().filter(d -> now.isBefore(d.expiresAt)).toList());
  }

  List<TrustedDevice> view() {
    return devices.stream().map(Device::view).toList();
  }

  byte[] encode() {
    StringBuilder s = new StringBuilder();
    for (Device d : devices) {
      byte[] previous = d.previousHash;
      s.append(d.id)
          .append('\t')
          .append(d.created)
          .append('\t')
          .append(d.lastUsed)
          .append('\t')
          .append(d.expiresAt)
          .append('\t')
          .append(ENCODER.encodeToString(d.tokenHash))
          .append('\t')
          .append(previous == null ? "-" : ENCODER.encodeToString(previous))
          .append('\t')
          .append(d.rotatedAt == null ? "-" : d.rotatedAt.toString())
          .append('\t')
          .append(ENCODER.encodeToString(d.label.getBytes(StandardCharsets.UTF_8)))
          .append('\n');
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the opened plaintext.
   *
   * @throws SealedSecretException if it is not in this form, which only a broken sealer gives
   */
  static Devices decode(byte[] plaintext) {
    List<Device> devices = new ArrayList<>();
    String text = new String(plaintext, StandardCharsets.UTF_8);
    try {
      for (String line : text.split("\n", -1)) {
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 8) {
          throw new IllegalArgumentException("8 fields");
        }
        devices.add(
            new Device(
                f[0],
                new String(DECODER.decode(f[7]), StandardCharsets.UTF_8),
                Instant.parse(f[1]),
                Instant.parse(f[2]),
                Instant.parse(f[3]),
                DECODER.decode(f[4]),
                f[5].equals("-") ? null : DECODER.decode(f[5]),
                f[6].equals("-") ? null : Instant.parse(f[6])));
      }
    } catch (RuntimeException e) {
      throw new SealedSecretException("malformed list of trusted devices", e);
    }
    return of(devices);
  }
}
