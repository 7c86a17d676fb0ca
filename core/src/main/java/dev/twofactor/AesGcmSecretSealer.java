package dev.twofactor;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Seals secrets with AES-256-GCM, bound to their account, under a named key that can be rotated.
 *
 * <p>Each seal uses a fresh random 96-bit nonce and the current key, and authenticates the account
 * id as associated data: a sealed secret copied into another account's record, or altered in any
 * way, does not open. The sealed text is {@code aes-gcm:<key id>:<nonce, ciphertext and tag in
 * unpadded Base64url>}: for a 160-bit secret, 73 characters and the key id. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * SecretSealer sealer = AesGcmSecretSealer.builder()
 *     .currentKey("2026-11", keyFromYourSecretStore)     // 32 bytes; new seals use it
 *     .previousKey("2025-05", previousKeyFromTheStore)   // still opens what it sealed
 *     .build();
 * }</pre>
 *
 * <p>To rotate keys, make the new key current and keep the old one as a previous key: records
 * sealed under it keep opening, and every new enrollment is sealed under the new key. An old key
 * can be removed once no record names it.
 *
 * <p><b>Security note:</b> keep the keys out of the database that holds the records (a key
 * management service, a secrets file, an environment variable), or sealing protects nothing. NIST
 * SP 800-38D §8.3 limits random nonces to 2<sup>32</sup> seals per key, far more than one seal per
 * enrollment needs. {@link #toString()} shows key ids, never keys.
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
  private final SecureRandom random;

  private AesGcmSecretSealer(
      String currentKeyId, Map<String, SecretKeySpec> keys, SecureRandom random) {
    this.currentKeyId = currentKeyId;
    this.keys = Collections.unmodifiableMap(keys);
    this.currentKey = Objects.requireNonNull(keys.get(currentKeyId));
    this.random = random;
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
   * Seals a secret under the current key with a fresh random nonce, the account id as associated
   * data.
   *
   * @param accountId the account whose record will hold the sealed secret
   * @param secret the secret
   * @return {@code aes-gcm:<key id>:<Base64url>}
   */
  @Override
  public String seal(String accountId, Secret secret) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(secret, "secret");
    byte[] plain = secret.copyBytes();
    byte[] sealed = new byte[NONCE_BYTES + plain.length + TAG_BITS / 8];
    random.nextBytes(sealed);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE, currentKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      cipher.doFinal(plain, 0, plain.length, sealed, NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding refused to seal", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    return PREFIX + currentKeyId + ':' + ENCODER.encodeToString(sealed);
  }

  /**
   * Opens a secret sealed by this sealer, under its current or a previous key, for this account.
   *
   * @param accountId the account whose record holds the sealed secret
   * @param sealed the text that {@link #seal} returned
   * @return the secret
   * @throws SealedSecretException if the text is not of this sealer, names a key id this sealer
   *     does not have, or fails authentication (altered, sealed for another account, or sealed
   *     under another key with the same id)
   */
  @Override
  public Secret open(String accountId, String sealed) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(sealed, "sealed");
    String where = "sealed secret of account " + Ascii.quote(accountId) + ": ";
    int separator = sealed.indexOf(':', PREFIX.length());
    if (!sealed.startsWith(PREFIX) || separator < 0) {
      throw new SealedSecretException(
          where + "not sealed by AesGcmSecretSealer (expected \"" + PREFIX + "<key id>:...\")");
    }
    String keyId = sealed.substring(PREFIX.length(), separator);
    SecretKeySpec key = keys.get(keyId);
    if (key == null) {
      throw new SealedSecretException(
          where + "unknown key id " + Ascii.quote(keyId) + "; this sealer has " + describeKeys());
    }
    byte[] bytes;
    try {
      bytes = DECODER.decode(sealed.substring(separator + 1));
    } catch (IllegalArgumentException e) {
      throw new SealedSecretException(
          where + "malformed: the data after the key id is not Base64url", e);
    }
    int plainLength = bytes.length - NONCE_BYTES - TAG_BITS / 8;
    if (plainLength < Secret.MIN_IMPORTED_BYTES) {
      throw new SealedSecretException(
          where
              + "malformed: "
              + bytes.length
              + " bytes are too few for a nonce, a secret of at"
              + " least "
              + Secret.MIN_IMPORTED_BYTES
              + " bytes and a tag");
    }
    byte[] plain = new byte[plainLength];
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
      cipher.updateAAD(accountId.getBytes(StandardCharsets.UTF_8));
      cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES, plain, 0);
      return Secret.fromBytes(plain);
    } catch (AEADBadTagException e) {
      throw new SealedSecretException(
          where
              + "authentication failed under key id "
              + Ascii.quote(keyId)
              + ": the sealed text was altered, belongs to another account, or was sealed under"
              + " another key with this id",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding refused to open", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
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
    private @Nullable SecureRandom random;

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

    /**
     * Sets the source of nonces. Default a new {@link SecureRandom}.
     *
     * @param random a strong random source
     * @return this builder
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
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
      String current = currentKeyIds.get(0);
      SecureRandom source = random != null ? random : new SecureRandom();
      return new AesGcmSecretSealer(current, specs, source);
    }
  }
}
