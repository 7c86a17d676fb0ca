package dev.twofactor;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Seals with AES-256-GCM under a named key that can be rotated, binding every value to the
 * associated data {@link TwoFactor} passes (account, purpose and enrollment).
 *
 * <p>Each seal uses the current key and a fresh 96-bit nonce from the library's own DRBG, and
 * authenticates the associated data: a value copied into another account's record or another field,
 * or altered in any way, does not open. The sealed text is {@code aes-gcm:<key id>:<nonce,
 * ciphertext and tag in unpadded Base64url>}: for a 160-bit secret, 73 characters and the key id.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * SecretSealer sealer = AesGcmSecretSealer.builder()
 *     .currentKey("2026-11", keyFromYourSecretStore)     // 32 bytes; new seals use it
 *     .previousKey("2025-05", previousKeyFromTheStore)   // still opens what it sealed
 *     .build();
 * }</pre>
 *
 * <p>To rotate keys, make the new key current and keep the old one as a previous key: records
 * sealed under it keep opening, {@link TwoFactor} seals each value again under the new key in the
 * next write of its record, and {@link TwoFactor#resealBatch} does it for every record. Once {@link
 * TwoFactor#missingKeyIds()} and a batch re-seal show that no record names the old key, it can be
 * removed.
 *
 * <p><b>Security note:</b> keep the keys out of the database that holds the records (a key
 * management service, a secrets file, an environment variable), or sealing protects nothing. NIST
 * SP 800-38D §8.3 limits random nonces to 2<sup>32</sup> seals per key; at one seal per enrollment,
 * sign-in proof and key rotation that is far away, but rotate the key at least yearly. Nonces never
 * come from a random source the host passes: a seeded one would repeat them on every node. {@link
 * #toString()} shows key ids, never keys.
 */
public final class AesGcmSecretSealer implements SecretSealer {
  /** The length of an AES-256 key in bytes. */
  static final int KEY_BYTES = 32;

  /** The length of a GCM nonce in bytes: 96 bits, NIST SP 800-38D §8.2. */
  static final int NONCE_BYTES = 12;

  /** The length of the GCM tag in bits. */
  static final int TAG_BITS = 128;

  private static final String PREFIX = "aes-gcm:";
  private static final int MAX_KEY_ID_LENGTH = 64;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final String currentKeyId;
  private final SecretKeySpec currentKey;
  private final Map<String, SecretKeySpec> keys;

  private AesGcmSecretSealer(String currentKeyId, Map<String, SecretKeySpec> keys) {
    this.currentKeyId = currentKeyId;
    this.keys = Collections.unmodifiableMap(keys);
    this.currentKey = Objects.requireNonNull(keys.get(currentKeyId));
  }

  /**
   * Returns a builder without keys.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the id of the key that new seals use.
   *
   * @return the current key id
   */
  public String currentKeyId() {
    return currentKeyId;
  }

  /**
   * Seals a value under the current key with a fresh nonce, authenticating the associated data.
   *
   * @param plaintext the value
   * @param associatedData what it is bound to
   * @return {@code aes-gcm:<key id>:<Base64url>}
   */
  @Override
  public String seal(byte[] plaintext, byte[] associatedData) {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(associatedData, "associatedData");
    byte[] sealed = new byte[NONCE_BYTES + plaintext.length + TAG_BITS / 8];
    byte[] nonce = new byte[NONCE_BYTES];
    Drbg.INSTANCE.nextBytes(nonce);
    System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, currentKey, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData);
      cipher.doFinal(plaintext, 0, plaintext.length, sealed, NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding refused to seal", e);
    }
    return PREFIX + currentKeyId + ':' + ENCODER.encodeToString(sealed);
  }

  /**
   * Opens a value sealed by this sealer, under its current or a previous key, with this associated
   * data.
   *
   * @param sealed the text that {@link #seal} returned
   * @param associatedData the associated data it was sealed with
   * @return the value
   * @throws SealedSecretException if the text is not of this sealer, names a key id this sealer
   *     does not have, or fails authentication (altered, sealed with other associated data, or
   *     sealed under another key with the same id)
   */
  @Override
  public byte[] open(String sealed, byte[] associatedData) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(associatedData, "associatedData");
    String keyId = keyIdOf(sealed);
    if (keyId == null) {
      throw new SealedSecretException(
          "not sealed by AesGcmSecretSealer (expected \"" + PREFIX + "<key id>:...\")");
    }
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new SealedSecretException(
          "unknown key id " + Ascii.quote(keyId) + "; this sealer has " + describeKeys());
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(sealed.substring(PREFIX.length() + keyId.length() + 1));
    } catch (IllegalArgumentException e) {
      throw new SealedSecretException("malformed: the data after the key id is not Base64url", e);
    }
    int plainLength = bytes.length - NONCE_BYTES - TAG_BITS / 8;
    if (plainLength < 1) {
      throw new SealedSecretException(
          "malformed: " + bytes.length + " bytes are too few for a nonce, a value and a tag");
    }
    byte[] plain = new byte[plainLength];
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData);
      cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES, plain, 0);
      return plain;
    } catch (AEADBadTagException e) {
      Arrays.fill(plain, (byte) 0);
      throw new SealedSecretException(
          "authentication failed under key id "
              + Ascii.quote(keyId)
              + ": the sealed text was altered, belongs to another account, field or enrollment,"
              + " or was sealed under another key with this id",
          e);
    } catch (GeneralSecurityException e) {
      Arrays.fill(plain, (byte) 0);
      throw new IllegalStateException("AES/GCM/NoPadding refused to open", e);
    }
  }

  /**
   * Tells whether a text was sealed under the current key.
   *
   * @param sealed a sealed text
   * @return {@code true} if it names the current key id
   */
  @Override
  public boolean isCurrent(String sealed) {
    return currentKeyId.equals(keyIdOf(sealed));
  }

  /**
   * Returns the key id a text names.
   *
   * @param sealed a sealed text
   * @return the key id, or empty if the text is not {@code aes-gcm:<key id>:...}
   */
  @Override
  public Optional<String> keyId(String sealed) {
    return Optional.ofNullable(keyIdOf(sealed));
  }

  /**
   * Tells whether this sealer has a key of this id.
   *
   * @param keyId a key id
   * @return {@code true} if it is the current or a previous key
   */
  @Override
  public boolean hasKey(String keyId) {
    return keys.containsKey(keyId);
  }

  private static @Nullable String keyIdOf(String sealed) {
    int separator = sealed.indexOf(':', PREFIX.length());
    return sealed.startsWith(PREFIX) && separator > PREFIX.length()
        ? sealed.substring(PREFIX.length(), separator)
        : null;
  }

  private String describeKeys() {
    return keys.keySet().stream().map(Ascii::quote).collect(Collectors.joining(", "));
  }

  /**
   * Describes the sealer by its key ids; never shows a key.
   *
   * @return for example {@code "AesGcmSecretSealer[current key \"2026-11\", keys \"2026-11\",
   *     \"2025-05\"]"}
   */
  @Override
  public String toString() {
    return "AesGcmSecretSealer[current key "
        + Ascii.quote(currentKeyId)
        + ", keys "
        + describeKeys()
        + "]";
  }

  /**
   * Builds an {@link AesGcmSecretSealer}; keys are copied when set and checked once, in {@link
   * #build()}. Not thread-safe.
   */
  public static final class Builder {
    private final Map<String, byte[]> keys = new LinkedHashMap<>();
    private final List<String> currentKeyIds = new ArrayList<>();
    private final List<String> repeatedKeyIds = new ArrayList<>();

    private Builder() {}

    /**
     * Sets the key that new seals use, and that opens what it sealed. Required, once.
     *
     * @param keyId a name stored with every sealed secret: 1 to 64 characters of {@code A-Z},
     *     {@code a-z}, {@code 0-9}, {@code .}, {@code _} or {@code -}, for example {@code
     *     "2026-11"}
     * @param key 32 bytes (256 bits) from a strong random source; the array is copied
     * @return this builder
     */
    public Builder currentKey(String keyId, byte[] key) {
      add(keyId, key);
      currentKeyIds.add(keyId);
      return this;
    }

    /**
     * Adds a key that still opens what it sealed, but seals nothing new. Call once per key.
     *
     * @param keyId the id the key was used under
     * @param key 32 bytes; the array is copied
     * @return this builder
     */
    public Builder previousKey(String keyId, byte[] key) {
      add(keyId, key);
      return this;
    }

    private void add(String keyId, byte[] key) {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(key, "key");
      if (keys.putIfAbsent(keyId, key.clone()) != null) {
        repeatedKeyIds.add(keyId);
      }
    }

    private static boolean isValidKeyId(String keyId) {
      if (keyId.isEmpty() || keyId.length() > MAX_KEY_ID_LENGTH) {
        return false;
      }
      for (int i = 0; i < keyId.length(); i++) {
        char c = keyId.charAt(i);
        boolean ok =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || c == '_'
                || c == '-';
        if (!ok) {
          return false;
        }
      }
      return true;
    }

    /**
     * Checks the keys and builds the sealer.
     *
     * @return the sealer
     * @throws IllegalArgumentException if no current key is set or more than one, a key id is
     *     malformed or used twice, or a key is not 32 bytes
     */
    public AesGcmSecretSealer build() {
      if (currentKeyIds.size() != 1) {
        throw new IllegalArgumentException(
            currentKeyIds.isEmpty()
                ? "a current key must be set"
                : "only one current key can be set: "
                    + currentKeyIds.stream().map(Ascii::quote).collect(Collectors.joining(", ")));
      }
      if (!repeatedKeyIds.isEmpty()) {
        throw new IllegalArgumentException(
            "key id is used twice: " + Ascii.quote(repeatedKeyIds.get(0)));
      }
      Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
      for (Map.Entry<String, byte[]> entry : keys.entrySet()) {
        String keyId = entry.getKey();
        if (!isValidKeyId(keyId)) {
          throw new IllegalArgumentException(
              "key id must be 1 to "
                  + MAX_KEY_ID_LENGTH
                  + " characters of A-Z, a-z, 0-9, '.', '_' or '-': "
                  + Ascii.quote(keyId));
        }
        if (entry.getValue().length != KEY_BYTES) {
          throw new IllegalArgumentException(
              "key "
                  + Ascii.quote(keyId)
                  + " must be "
                  + KEY_BYTES
                  + " bytes (256 bits): "
                  + entry.getValue().length);
        }
        specs.put(keyId, new SecretKeySpec(entry.getValue(), "AES"));
      }
      return new AesGcmSecretSealer(currentKeyIds.get(0), specs);
    }
  }
}
