package dev.twofactor.spring;

import dev.twofactor.Algorithm;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code twofactor.*} properties: the issuer, who must use a second factor, the code, throttle
 * and recovery-code policies, the sealing keys, the table, the paths of the pages and the trusted
 * browsers.
 *
 * <pre>
 * twofactor.issuer=ACME Help Desk
 * twofactor.sealer.current-key-id=k1
 * twofactor.sealer.keys.k1=${TWOFACTOR_KEY_K1}   # base64 of 32 random bytes
 * </pre>
 *
 * <p>Every default is the library's own ({@code Totp.defaults()}, {@code
 * ThrottlePolicy.defaults()}, {@code RecoveryCodePolicy.defaults()}, a ten-minute enrollment, a
 * five-minute proof, a resynchronisation range of 40 steps, ten trusted browsers for 30 days with a
 * grace of 10 seconds). Immutable.
 *
 * @param issuer the name that authenticator apps show above the account, for example {@code "ACME
 *     Help Desk"}; required
 * @param policy who must give a code: {@link Policy#REQUIRED} (default) or {@link Policy#OPTIONAL}
 * @param totp the code settings of new enrollments, and the window of every check
 * @param throttle how wrong codes are slowed down
 * @param recoveryCodes how many recovery codes a set has and how they are hashed
 * @param enrollmentTimeout how long a new secret waits for its first code; default 10 minutes
 * @param proofLifetime how long the proof of a sign-in, kept in the session, lets the user replace
 *     the authenticator, make new recovery codes or turn it off; default 5 minutes, at most 1 hour,
 *     and never shorter than {@code twofactor.web.step-up}
 * @param sealer the keys that seal secrets before they are stored
 * @param jdbc the table, when the application has a {@code DataSource}
 * @param web the paths of the pages and the step-up time
 * @param trustedDevices "trust this browser": how long, how many, and the cookie
 */
@ConfigurationProperties("twofactor")
public record TwoFactorProperties(
    @Nullable String issuer,
    @DefaultValue("REQUIRED") Policy policy,
    @DefaultValue TotpSettings totp,
    @DefaultValue Throttle throttle,
    @DefaultValue RecoveryCodes recoveryCodes,
    @DefaultValue("10m") Duration enrollmentTimeout,
    @DefaultValue("5m") Duration proofLifetime,
    @DefaultValue Sealer sealer,
    @DefaultValue Jdbc jdbc,
    @DefaultValue Web web,
    @DefaultValue TrustedDevices trustedDevices) {

  /**
   * Checks that no group is missing.
   *
   * @param issuer the issuer
   * @param policy the policy
   * @param totp the code settings
   * @param throttle the throttle
   * @param recoveryCodes the recovery codes
   * @param enrollmentTimeout the enrollment timeout
   * @param proofLifetime the proof lifetime
   * @param sealer the sealer
   * @param jdbc the table
   * @param web the pages
   * @param trustedDevices the trusted browsers
   */
  public TwoFactorProperties {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(totp, "totp");
    Objects.requireNonNull(throttle, "throttle");
    Objects.requireNonNull(recoveryCodes, "recoveryCodes");
    Objects.requireNonNull(enrollmentTimeout, "enrollmentTimeout");
    Objects.requireNonNull(proofLifetime, "proofLifetime");
    Objects.requireNonNull(sealer, "sealer");
    Objects.requireNonNull(jdbc, "jdbc");
    Objects.requireNonNull(web, "web");
    Objects.requireNonNull(trustedDevices, "trustedDevices");
  }

  /** Who must give a code after the password. */
  public enum Policy {
    /**
     * Everyone: a user without an active authenticator is sent to the enrollment page before
     * anything else, and can go on only after confirming one.
     */
    REQUIRED,
    /**
     * Those who set one up: a user without an active authenticator is let through with the password
     * alone, and can opt in on the enrollment page (a gradual roll-out, or a help desk where each
     * agent decides).
     */
    OPTIONAL
  }

  /**
   * The code settings ({@code twofactor.totp.*}): algorithm, digits and period apply to new
   * enrollments; the window to every check.
   *
   * @param algorithm SHA1 (default; the only one every app honours), SHA256 or SHA512
   * @param digits 6 (default) to 10
   * @param period the step, default 30 seconds
   * @param windowBehind steps accepted behind the current one, default 1
   * @param windowAhead steps accepted ahead of the current one, default 1
   * @param resynchronizationRange how many steps either way {@code TwoFactor.resynchronize} looks
   *     for two consecutive codes of a phone whose clock is off, 1 to 100; default 40 (20 minutes
   *     at 30 seconds)
   */
  public record TotpSettings(
      @DefaultValue("SHA1") Algorithm algorithm,
      @DefaultValue("6") int digits,
      @DefaultValue("30s") Duration period,
      @DefaultValue("1") int windowBehind,
      @DefaultValue("1") int windowAhead,
      @DefaultValue("40") int resynchronizationRange) {}

  /**
   * The throttle of codes from the app ({@code twofactor.throttle.*}): a back-off per client
   * address, and budgets of failures per account and group of addresses (those the user signed in
   * from, and the others) that a sign-in does not refill.
   *
   * @param freeFailures wrong codes from one address without a wait, default 3
   * @param firstDelay the first wait, doubled at every further failure, default 30 seconds
   * @param lockOut the longest wait, default 24 hours
   * @param maxFailures failures without a sign-in after which no code is checked until a recovery
   *     code signs in or an administrator unlocks the account, default 100; 2147483647 for none
   * @param dailyBudget wrong codes allowed in any 24 hours per group of addresses, default 5;
   *     2147483647 for none
   * @param monthlyBudget wrong codes allowed in any 30 days per group of addresses, default 10;
   *     2147483647 for none
   */
  public record Throttle(
      @DefaultValue("3") int freeFailures,
      @DefaultValue("30s") Duration firstDelay,
      @DefaultValue("24h") Duration lockOut,
      @DefaultValue("100") int maxFailures,
      @DefaultValue("5") int dailyBudget,
      @DefaultValue("10") int monthlyBudget) {}

  /**
   * The recovery codes ({@code twofactor.recovery-codes.*}), with a back-off of their own per
   * client address, so that a lock of codes never locks the way back in.
   *
   * @param count codes in a set, default 10
   * @param iterations PBKDF2 iterations of each stored hash, default 100000
   * @param freeFailures wrong recovery codes from one address without a wait, default 5
   * @param firstDelay the first wait, doubled at every further failure, default 1 second
   * @param longestDelay the longest wait, default 5 minutes
   */
  public record RecoveryCodes(
      @DefaultValue("10") int count,
      @DefaultValue("100000") int iterations,
      @DefaultValue("5") int freeFailures,
      @DefaultValue("1s") Duration firstDelay,
      @DefaultValue("5m") Duration longestDelay) {}

  /**
   * The AES-256-GCM keys that seal secrets ({@code twofactor.sealer.*}). Keys are usually given as
   * environment variables: {@code TWOFACTOR_SEALER_KEYS_K1} sets {@code twofactor.sealer.keys.k1}.
   *
   * @param currentKeyId the id of the key that seals new secrets, for example {@code k1}
   * @param keys every key by id, each the base64 of 32 random bytes; keys other than the current
   *     one still open secrets sealed with them, for rotation
   * @param insecurePlainText {@code true} stores secrets in plain text instead, for development
   *     only; a warning is logged at every start
   */
  public record Sealer(
      @Nullable String currentKeyId,
      @Nullable Map<String, String> keys,
      @DefaultValue("false") boolean insecurePlainText) {
    /**
     * Replaces absent keys with none.
     *
     * @param currentKeyId the current key id
     * @param keys the keys by id
     * @param insecurePlainText whether secrets are stored in plain text
     */
    public Sealer {
      keys = keys == null ? Map.of() : Map.copyOf(keys);
    }

    /**
     * Describes the settings without a key.
     *
     * @return for example {@code "Sealer[currentKeyId=k1, keys=[k1, k0], insecurePlainText=false]"}
     */
    @Override
    public String toString() {
      Map<String, String> present = keys == null ? Map.of() : keys;
      return "Sealer[currentKeyId="
          + currentKeyId
          + ", keys="
          + present.keySet().stream().sorted().toList()
          + ", insecurePlainText="
          + insecurePlainText
          + "]";
    }
  }

  /**
   * The table of the JDBC repository ({@code twofactor.jdbc.*}), used when the application has a
   * {@code DataSource}.
   *
   * @param table the table name, default {@code two_factor}
   * @param createTable {@code true} creates the table at start if it does not exist; default {@code
   *     false}: create it with the application's migrations
   */
  public record Jdbc(
      @DefaultValue("two_factor") String table, @DefaultValue("false") boolean createTable) {}

  /**
   * The pages ({@code twofactor.web.*}).
   *
   * @param codePage the page that asks for the code after the password, default {@code /login/totp}
   * @param enrollmentPage the signed-in user's page to set up, replace or turn off the
   *     authenticator, default {@code /account/two-factor}
   * @param stepUp how recent the code must be to replace the authenticator, make new recovery codes
   *     or turn it off, default 5 minutes; positive and never longer than {@code
   *     twofactor.proof-lifetime}
   * @param adminPath the host's administration page; {@code <adminPath>/reset} and {@code
   *     <adminPath>/unlock} take an administrator's reset and unlock, default {@code
   *     /admin/two-factor}
   * @param adminAuthority the authority an administrator needs for the reset and the unlock, for
   *     example {@code ROLE_ADMIN}; without it those endpoints are off
   */
  public record Web(
      @DefaultValue("/login/totp") String codePage,
      @DefaultValue("/account/two-factor") String enrollmentPage,
      @DefaultValue("5m") Duration stepUp,
      @DefaultValue("/admin/two-factor") String adminPath,
      @Nullable String adminAuthority) {}

  /**
   * "Trust this browser" ({@code twofactor.trusted-devices.*}): a checkbox on the code page that
   * lets the browser sign in without a code, through a cookie that holds a token of 256 random
   * bits, replaced at every use. The account always comes from the password step: the cookie only
   * ever stands in for the code, for the user who signed in with the password.
   *
   * @param enabled {@code false} removes the checkbox and ignores the cookie; default {@code true}
   * @param max browsers an account may trust at once (the oldest goes), 1 to 100; default 10
   * @param lifetime how long a browser stays trusted, whatever its use; at most 365 days, default
   *     30 days; the checkbox's text names it
   * @param grace how long a token just replaced is still accepted from parallel requests of the
   *     same browser, without counting as a copy; at most 1 minute, default 10 seconds
   * @param cookieName the cookie's name, default {@code twofactor-trusted-browser}
   */
  public record TrustedDevices(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("10") int max,
      @DefaultValue("30d") Duration lifetime,
      @DefaultValue("10s") Duration grace,
      @DefaultValue("twofactor-trusted-browser") String cookieName) {}
}
