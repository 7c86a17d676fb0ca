package dev.twofactor.spring;

import dev.twofactor.ThrottlePolicy;
import dev.twofactor.Verification;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.RedirectStrategy;

/**
 * The code page: GET shows the form, POST checks a code from the app or a recovery code.
 *
 * <p>Only a signed-in user reaches it; anyone else is sent to sign in. An accepted code adds the
 * factor, changes the session id and resumes the request that Spring Security saved; an accepted
 * recovery code does the same and leads to the enrollment page, where the lost app can be replaced.
 * Either keeps the failed attempts made elsewhere since the user's last sign-in, for the pages to
 * tell ({@link TwoFactorConfigurer#FAILED_ATTEMPTS_ATTRIBUTE}). With the "trust this browser" box
 * ticked, an accepted code also trusts the browser ({@link TrustedBrowsers}); the page tells the
 * user when this browser's trust ended because its cookie had been copied. A rejected one shows
 * what happened: not a code, wrong, used already, or too many attempts with the wait. The page
 * never tells whether the account exists or has an authenticator: a code for an account without one
 * is "not right", like any wrong code, and so is a code of another length than the account's.
 */
final class CodeStep {
  static final String CODE = "code";
  static final String RECOVERY_CODE = "recovery-code";

  /** The longest input looked at; anything longer is not a code. */
  private static final int MAX_INPUT = 64;

  private final TwoFactorWeb web;
  private final FactorGrant grant;
  private final TrustedBrowsers browsers;
  private final @Nullable String customPage;
  private final RedirectStrategy redirect = new DefaultRedirectStrategy();

  /**
   * @param customPage the application's own code page, or {@code null} for this module's
   */
  CodeStep(
      TwoFactorWeb web, FactorGrant grant, TrustedBrowsers browsers, @Nullable String customPage) {
    this.web = web;
    this.grant = grant;
    this.browsers = browsers;
    this.customPage = customPage;
  }

  void show(HttpServletRequest request, HttpServletResponse response) throws IOException {
    signedIn();
    page(request, null, false, false).write(response, HttpServletResponse.SC_OK);
  }

  void submit(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Authentication current = signedIn();
    long start = System.nanoTime();
    String outcome = "error";
    try {
      String recoveryCode = request.getParameter(RECOVERY_CODE);
      boolean recovery = recoveryCode != null;
      String input = recovery ? recoveryCode : request.getParameter(CODE);
      Verification v;
      if (input == null || input.length() > MAX_INPUT) {
        v = null;
      } else if (recovery) {
        v = web.calls.redeemRecoveryCode(request, current.getName(), input);
      } else if (!isWellFormed(input)) {
        v = null;
      } else {
        v = web.calls.verify(request, current.getName(), input);
      }
      outcome = v == null ? "malformed" : v.reason().name().toLowerCase(Locale.ROOT);
      if (v != null && v.reason() == Verification.Reason.MISMATCH) {
        FactorGrant.ownFailure(request);
      }
      boolean trust = !recovery && request.getParameter(TrustedBrowsers.PARAMETER) != null;
      if (v != null && v.isAccepted()) {
        int failures = v.failuresSinceLastSuccess();
        String proof = TwoFactorCalls.proof(v);
        grant.grant(request, response, current, proof);
        FactorGrant.notice(request, current.getName(), failures);
        if (trust) {
          browsers.trust(request, response, current.getName(), proof);
        }
        String target = recovery ? null : grant.savedRequest(request, response);
        redirect.sendRedirect(
            request,
            response,
            target != null
                ? target
                : recovery ? web.properties.web().enrollmentPage() + "?recovery-code-used" : "/");
        return;
      }
      if (customPage != null) {
        redirect.sendRedirect(request, response, customPage + "?error=" + error(recovery, v));
        return;
      }
      String message = recovery ? recoveryMessage(request, v) : message(request, v);
      page(request, message, recovery, trust).write(response, HttpServletResponse.SC_OK);
    } finally {
      web.observer.secondStep(Duration.ofNanos(System.nanoTime() - start), outcome);
    }
  }

  /**
   * The error parameter for the application's own code page: {@code malformed}, {@code wrong},
   * {@code replayed}, {@code throttled&wait=<seconds>}, {@code recovery-code} (a recovery code not
   * accepted) or {@code recovery-code-throttled&wait=<seconds>}; never the code.
   */
  private String error(boolean recovery, @Nullable Verification v) {
    if (recovery) {
      return v != null && v.reason() == Verification.Reason.THROTTLED
          ? "recovery-code-throttled&wait=" + waitSeconds(v.retryAfter())
          : "recovery-code";
    }
    if (v == null) {
      return "malformed";
    }
    return switch (v.reason()) {
      case REPLAYED -> "replayed";
      case THROTTLED -> "throttled&wait=" + waitSeconds(v.retryAfter());
      // MALFORMED from the service: a code of another length than the account's, which must read
      // like a wrong code, or the page would tell that the account has an authenticator.
      default -> "wrong";
    };
  }

  private long waitSeconds(Instant retryAfter) {
    return Math.max(1, ceilSeconds(Duration.between(web.clock.instant(), retryAfter)));
  }

  private Authentication signedIn() {
    Authentication current = grant.current();
    if (current == null) {
      throw new InsufficientAuthenticationException("sign in with a password first");
    }
    return current;
  }

  private String message(HttpServletRequest request, @Nullable Verification v) {
    if (v == null) {
      return web.text(request, "twofactor.code.malformed", web.properties.totp().digits());
    }
    return switch (v.reason()) {
      case REPLAYED -> web.text(request, "twofactor.code.replayed");
      case THROTTLED -> throttled(request, v.retryAfter());
      // MALFORMED from the service is a code of another length than the account's: "not right",
      // as for an account without an authenticator.
      default -> web.text(request, "twofactor.code.wrong");
    };
  }

  private String recoveryMessage(HttpServletRequest request, @Nullable Verification v) {
    return v != null && v.reason() == Verification.Reason.THROTTLED
        ? wait(request, "twofactor.recovery.throttled", v.retryAfter())
        : web.text(request, "twofactor.recovery.wrong");
  }

  /** The wait after wrong codes, rounded up, in seconds, minutes or hours. */
  String throttled(HttpServletRequest request, Instant retryAfter) {
    if (!retryAfter.isBefore(ThrottlePolicy.UNTIL_RESET)) {
      return web.text(request, "twofactor.code.locked");
    }
    return wait(request, "twofactor.code.throttled", retryAfter);
  }

  /** The text {@code <prefix>.seconds}, {@code .minutes} or {@code .hours} with the wait. */
  private String wait(HttpServletRequest request, String prefix, Instant retryAfter) {
    long seconds = waitSeconds(retryAfter);
    if (seconds < 90) {
      return web.text(request, prefix + ".seconds", seconds);
    }
    long minutes = (seconds + 59) / 60;
    if (minutes < 90) {
      return web.text(request, prefix + ".minutes", minutes);
    }
    return web.text(request, prefix + ".hours", (minutes + 59) / 60);
  }

  private static long ceilSeconds(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return 0;
    }
    return duration.getSeconds() + (duration.getNano() > 0 ? 1 : 0);
  }

  /**
   * The code page.
   *
   * @param error what went wrong with the last code, or {@code null}
   * @param recoveryOpen whether the recovery-code form is open (after a recovery code)
   * @param trust whether the "trust this browser" box is ticked (as the user left it)
   */
  private Html page(
      HttpServletRequest request, @Nullable String error, boolean recoveryOpen, boolean trust) {
    String title = web.text(request, "twofactor.code.title");
    Html html = new Html(request, web.text(request, "twofactor.lang"), title).heading(title);
    if (TrustedBrowsers.copied(request, grant.current())) {
      html.error(web.text(request, "twofactor.code.trustEnded"));
    }
    if (error != null) {
      html.error(error);
    }
    String path = web.properties.web().codePage();
    html.paragraph(web.text(request, "twofactor.code.intro"))
        .formStart(path)
        .codeInput(CODE, web.text(request, "twofactor.code.label"), !recoveryOpen);
    if (browsers.enabled()) {
      html.checkbox(
          TrustedBrowsers.PARAMETER,
          trustLabel(request, browsers.lifetime()),
          web.text(request, "twofactor.code.trustHint"),
          trust);
    }
    html.button(web.text(request, "twofactor.code.submit"), true)
        .formEnd()
        .markup(recoveryOpen ? "<details open>\n" : "<details>\n")
        .markup("<summary>")
        .markup(Html.escape(web.text(request, "twofactor.recovery.summary")))
        .markup("</summary>\n")
        .paragraph(web.text(request, "twofactor.recovery.intro"))
        .formStart(path)
        .recoveryCodeInput(RECOVERY_CODE, web.text(request, "twofactor.recovery.label"))
        .button(web.text(request, "twofactor.recovery.submit"), false)
        .formEnd()
        .markup("</details>\n");
    return html;
  }

  /** "Trust this browser for 30 days": the lifetime in days, hours or minutes, rounded down. */
  private String trustLabel(HttpServletRequest request, Duration lifetime) {
    if (lifetime.toDays() >= 1 && lifetime.toHours() % 24 == 0) {
      return web.text(request, "twofactor.code.trust.days", lifetime.toDays());
    }
    if (lifetime.toHours() >= 1) {
      return web.text(request, "twofactor.code.trust.hours", lifetime.toHours());
    }
    return web.text(request, "twofactor.code.trust.minutes", Math.max(1, lifetime.toMinutes()));
  }

  /**
   * Reads a code as the service does before it looks at the account: whitespace around it and
   * spaces inside it are ignored, and what is left must be 6 to 10 ASCII digits. (Each credential
   * has its own number of digits, which only the service knows.)
   */
  static boolean isWellFormed(String input) {
    String trimmed = input.strip();
    int count = 0;
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c >= '0' && c <= '9') {
        count++;
      } else if (!Character.isSpaceChar(c)) {
        return false;
      }
    }
    return count >= 6 && count <= 10;
  }
}
