package dev.twofactor.spring;

import dev.twofactor.CredentialStatus;
import dev.twofactor.TwoFactor;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What an administrator's page needs: each account's two-factor state, a reset for a user who lost
 * both the phone and the recovery codes, and an unlock for one whom wrong codes locked out.
 *
 * <pre>{@code
 * CredentialStatus status = administration.status("agent-42"); // NONE, PENDING or ACTIVE, locked until
 * administration.unlock("agent-42");                          // codes are checked again at once
 * administration.reset("agent-42", adminName);               // the agent sets up a new app next time
 * }</pre>
 *
 * <p>Both are also endpoints, {@code POST <twofactor.web.admin-path>/reset} and {@code .../unlock}
 * with the parameter {@code account}, when {@code twofactor.web.admin-authority} names the
 * authority an administrator needs. Each logs who did it, and the service's {@code RESET} and
 * {@code UNLOCKED} events name the administrator. Thread-safe.
 *
 * <p><b>Security note:</b> a reset removes the account's second factor; whoever knows the password
 * can then set up a new one (under {@code REQUIRED}, at the next sign-in). An unlock gives whoever
 * made the failed attempts, and knows the password, a new budget of guesses. Do either only after
 * checking who asks, as for a password reset; these methods do not check the caller's authority,
 * the application's own rules for its administration page do.
 */
public final class TwoFactorAdministration {
  private static final Log log = LogFactory.getLog(TwoFactorAdministration.class);

  private final TwoFactorCalls calls;

  /**
   * Creates the administration of a service.
   *
   * @param twoFactor the service
   */
  public TwoFactorAdministration(TwoFactor twoFactor) {
    this.calls = new TwoFactorCalls(Objects.requireNonNull(twoFactor, "twoFactor"));
  }

  /**
   * Returns an account's two-factor state: none, pending or active, since when, locked until when,
   * and the recovery codes left.
   *
   * @param accountId the account, as Spring Security names the user ({@code
   *     Authentication.getName()})
   * @return the status; never a secret
   */
  public CredentialStatus status(String accountId) {
    return calls.status(accountId);
  }

  /**
   * Removes an account's authenticator, recovery codes and throttle state, and logs who did it.
   *
   * @param accountId the account
   * @param administrator who resets it, for the log and the audit event
   * @return {@code true} if there was something to remove
   */
  public boolean reset(String accountId, String administrator) {
    Objects.requireNonNull(administrator, "administrator");
    boolean removed = calls.reset(accountId, administrator);
    if (removed) {
      log.info(
          "Two-factor reset of account "
              + quote(accountId)
              + " by administrator "
              + quote(administrator));
    }
    return removed;
  }

  /**
   * Ends every lock of an account's codes as the signed-in administrator, and keeps the credential:
   * the back-offs, the budgets and the hard stop after too many failures go; the authenticator and
   * the recovery codes stay.
   *
   * @param accountId the account
   * @return {@code true} if the account has a credential or an enrollment
   * @throws IllegalStateException if nobody is signed in on this thread (Spring Security's {@code
   *     SecurityContextHolder}): the unlock must name an administrator
   */
  public boolean unlock(String accountId) {
    Authentication current =
        SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
    if (current == null
        || !current.isAuthenticated()
        || current instanceof AnonymousAuthenticationToken) {
      throw new IllegalStateException(
          "an unlock names the administrator: sign in first, or call unlock(accountId,"
              + " administrator)");
    }
    return unlock(accountId, current.getName());
  }

  /**
   * Ends every lock of an account's codes, and logs who did it; see {@link #unlock(String)}.
   *
   * @param accountId the account
   * @param administrator who unlocks it, for the log and the audit event
   * @return {@code true} if the account has a credential or an enrollment
   */
  public boolean unlock(String accountId, String administrator) {
    Objects.requireNonNull(administrator, "administrator");
    boolean unlocked = calls.unlock(accountId, administrator);
    if (unlocked) {
      log.info(
          "Two-factor unlock of account "
              + quote(accountId)
              + " by administrator "
              + quote(administrator));
    }
    return unlocked;
  }

  /** Quotes a name for a log line: control and bidi characters escaped, at most 100 characters. */
  static String quote(String name) {
    StringBuilder out = new StringBuilder(name.length() + 2).append('"');
    for (int i = 0; i < name.length() && i < 100; i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c)
          || Character.getType(c) == Character.FORMAT
          || c == '"'
          || c == '\\') {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(name.length() > 100 ? "\"…" : "\"").toString();
  }

  @Override
  public String toString() {
    return "TwoFactorAdministration";
  }
}
