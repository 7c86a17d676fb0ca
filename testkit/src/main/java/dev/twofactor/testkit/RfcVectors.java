package dev.twofactor.testkit;

import java.time.Instant;
import java.util.List;

/**
 * Test vectors of RFC 4226 (HOTP), RFC 6238 (TOTP) and RFC 4648 (Base32), and other codes that were
 * recomputed independently and agree with {@code oathtool} 2.6.7.
 *
 * <p>Every list is immutable. Keys are given as hexadecimal and as the Base32 text an app would be
 * given; {@link #TOTP_WRONG_SEED} holds codes a correct implementation must <em>not</em> produce.
 */
public final class RfcVectors {
  /** The RFC 4226 Appendix D key, ASCII {@code "12345678901234567890"}. */
  public static final String RFC4226_KEY_HEX = "3132333435363738393031323334353637383930";

  /** The RFC 6238 Appendix B seed of HMAC-SHA-1: 20 bytes, ASCII {@code "1234567890"} twice. */
  public static final String RFC6238_SHA1_KEY_HEX = RFC4226_KEY_HEX;

  /** The RFC 6238 Appendix B seed of HMAC-SHA-256: 32 bytes, ASCII {@code "1234567890…12"}. */
  public static final String RFC6238_SHA256_KEY_HEX = RFC4226_KEY_HEX + "313233343536373839303132";

  /** The RFC 6238 Appendix B seed of HMAC-SHA-512: 64 bytes, ASCII {@code "1234567890…1234"}. */
  public static final String RFC6238_SHA512_KEY_HEX =
      RFC4226_KEY_HEX + RFC4226_KEY_HEX + RFC4226_KEY_HEX + "31323334";

  private static final String RFC4226_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  /**
   * RFC 4226 Appendix D: HMAC-SHA-1 codes of 6 digits for counters 0 to 9, with the intermediate
   * HMAC values of its Table 1.
   */
  public static final List<HotpVector> HOTP =
      List.of(
          rfc4226(0, 6, "755224", "cc93cf18508d94934c64b65d8ba7667fb7cde4b0"),
          rfc4226(1, 6, "287082", "75a48a19d4cbe100644e8ac1397eea747a2d33ab"),
          rfc4226(2, 6, "359152", "0bacb7fa082fef30782211938bc1c5e70416ff44"),
          rfc4226(3, 6, "969429", "66c28227d03a2d5529262ff016a1e6ef76557ece"),
          rfc4226(4, 6, "338314", "a904c900a64b35909874b33e61c5938a8e15ed1c"),
          rfc4226(5, 6, "254676", "a37e783d7b7233c083d4f62926c7a25f238d0316"),
          rfc4226(6, 6, "287922", "bc9cd28561042c83f219324d3c607256c03272ae"),
          rfc4226(7, 6, "162583", "a4fb960c0bc06e1eabb804e5b397cdc4b45596fa"),
          rfc4226(8, 6, "399871", "1b3c89f65e6c9e883012052823443f048b4332db"),
          rfc4226(9, 6, "520489", "1637409809a679dc698207310c8c7fc07290d9e5"));

  /**
   * The RFC 4226 key at counter 0 truncated to 7, 8, 9 and 10 digits; 10 digits keep the leading
   * digits that a modulus computed in {@code int} would lose.
   */
  public static final List<HotpVector> HOTP_DIGITS =
      List.of(
          rfc4226(0, 7, "4755224", "cc93cf18508d94934c64b65d8ba7667fb7cde4b0"),
          rfc4226(0, 8, "84755224", "cc93cf18508d94934c64b65d8ba7667fb7cde4b0"),
          rfc4226(0, 9, "284755224", "cc93cf18508d94934c64b65d8ba7667fb7cde4b0"),
          rfc4226(0, 10, "1284755224", "cc93cf18508d94934c64b65d8ba7667fb7cde4b0"));

  /**
   * A key of ten {@code 0xFF} bytes: counter 0, and a counter beyond 32 bits that catches counters
   * truncated to {@code int}.
   */
  public static final List<HotpVector> HOTP_EXTRA =
      List.of(
          new HotpVector(
              "ffffffffffffffffffff",
              "7777777777777777",
              0,
              6,
              "724477",
              "2066bbcb33dd1861b79f612c0713977dd433883c"),
          new HotpVector(
              "ffffffffffffffffffff",
              "7777777777777777",
              123456789123456789L,
              6,
              "815107",
              "2c75f3596be6db5e826eca03b25b81a95d154d28"));

  /**
   * RFC 6238 Appendix B: 8-digit codes, 30-second steps, T0 = 0, for each algorithm with its own
   * seed (the RFC's prose says one seed serves all; its reference code and table use three).
   */
  public static final List<TotpVector> TOTP =
      List.of(
          rfc6238("SHA1", 59, "94287082"),
          rfc6238("SHA256", 59, "46119246"),
          rfc6238("SHA512", 59, "90693936"),
          rfc6238("SHA1", 1111111109, "07081804"),
          rfc6238("SHA256", 1111111109, "68084774"),
          rfc6238("SHA512", 1111111109, "25091201"),
          rfc6238("SHA1", 1111111111, "14050471"),
          rfc6238("SHA256", 1111111111, "67062674"),
          rfc6238("SHA512", 1111111111, "99943326"),
          rfc6238("SHA1", 1234567890, "89005924"),
          rfc6238("SHA256", 1234567890, "91819424"),
          rfc6238("SHA512", 1234567890, "93441116"),
          rfc6238("SHA1", 2000000000, "69279037"),
          rfc6238("SHA256", 2000000000, "90698825"),
          rfc6238("SHA512", 2000000000, "38618901"),
          rfc6238("SHA1", 20000000000L, "65353130"),
          rfc6238("SHA256", 20000000000L, "77737706"),
          rfc6238("SHA512", 20000000000L, "47863826"));

  /**
   * Six-digit SHA-1 TOTP codes of secrets as issuers hand them out: a 10-byte key, a 26-character
   * (16-byte) key, and a key written in lower case with spaces, as typed from a screen.
   */
  public static final List<TotpVector> TOTP_EXTRA =
      List.of(
          new TotpVector(
              "SHA1", "48656c6c6f21deadbeef", "JBSWY3DPEHPK3PXP", 1234567890, 6, "742275"),
          new TotpVector(
              "SHA1",
              "973d2809ef989af8b987b602314c39bd",
              "S46SQCPPTCNPROMHWYBDCTBZXV",
              1612380872,
              6,
              "100172"),
          new TotpVector(
              "SHA1", "b45bb7c2fda42f0ab611", "wrn3 pqx5 uqxq vnqr", 1297553958, 6, "102705"));

  /**
   * Codes an implementation produces when it keys SHA-256 and SHA-512 with the 20-byte SHA-1 seed
   * instead of the RFC 6238 seeds. Each entry carries the right key; a correct implementation must
   * produce a different code.
   */
  public static final List<TotpVector> TOTP_WRONG_SEED =
      List.of(rfc6238("SHA256", 59, "32247374"), rfc6238("SHA512", 59, "69342147"));

  /** RFC 4648 §10: Base32 of {@code ""}, {@code "f"}, {@code "fo"} up to {@code "foobar"}. */
  public static final List<Base32Vector> BASE32 =
      List.of(
          new Base32Vector("", ""),
          new Base32Vector("f", "MY======"),
          new Base32Vector("fo", "MZXQ===="),
          new Base32Vector("foo", "MZXW6==="),
          new Base32Vector("foob", "MZXW6YQ="),
          new Base32Vector("fooba", "MZXW6YTB"),
          new Base32Vector("foobar", "MZXW6YTBOI======"));

  private RfcVectors() {}

  private static HotpVector rfc4226(long counter, int digits, String code, String hmacHex) {
    return new HotpVector(RFC4226_KEY_HEX, RFC4226_BASE32, counter, digits, code, hmacHex);
  }

  private static TotpVector rfc6238(String algorithm, long unixTime, String code) {
    String keyHex =
        switch (algorithm) {
          case "SHA1" -> RFC6238_SHA1_KEY_HEX;
          case "SHA256" -> RFC6238_SHA256_KEY_HEX;
          case "SHA512" -> RFC6238_SHA512_KEY_HEX;
          default -> throw new IllegalArgumentException(algorithm);
        };
    return new TotpVector(algorithm, keyHex, Hex.toBase32(keyHex), unixTime, 8, code);
  }

  /**
   * An HOTP code: key, counter, digits, the expected code and the HMAC it is truncated from.
   *
   * @param keyHex the key in hexadecimal
   * @param secretBase32 the same key as Base32 text, as an app would be given it
   * @param counter the counter
   * @param digits the number of digits
   * @param code the expected code
   * @param hmacHex HMAC-SHA-1 of the counter, in hexadecimal
   */
  public record HotpVector(
      String keyHex, String secretBase32, long counter, int digits, String code, String hmacHex) {
    /**
     * Returns the key bytes.
     *
     * @return a new array
     */
    public byte[] key() {
      return Hex.decode(keyHex);
    }
  }

  /**
   * A TOTP code: algorithm, key, time and the expected code, with a 30-second period and T0 = 0.
   *
   * @param algorithm {@code "SHA1"}, {@code "SHA256"} or {@code "SHA512"}
   * @param keyHex the key in hexadecimal
   * @param secretBase32 the same key as Base32 text, as an app would be given it
   * @param unixTime seconds since the Unix epoch
   * @param digits the number of digits
   * @param code the expected code (for {@link #TOTP_WRONG_SEED}, the code that must not appear)
   */
  public record TotpVector(
      String algorithm,
      String keyHex,
      String secretBase32,
      long unixTime,
      int digits,
      String code) {
    /** The period of every TOTP vector, in seconds. */
    public static final int PERIOD_SECONDS = 30;

    /**
     * Returns the key bytes.
     *
     * @return a new array
     */
    public byte[] key() {
      return Hex.decode(keyHex);
    }

    /**
     * Returns the time as an instant.
     *
     * @return {@code Instant.ofEpochSecond(unixTime)}
     */
    public Instant instant() {
      return Instant.ofEpochSecond(unixTime);
    }

    /**
     * Returns the step, {@code unixTime / 30}.
     *
     * @return the step
     */
    public long step() {
      return unixTime / PERIOD_SECONDS;
    }
  }

  /**
   * An RFC 4648 Base32 encoding.
   *
   * @param text ASCII text
   * @param base32 its padded Base32 encoding
   */
  public record Base32Vector(String text, String base32) {}
}
