package dev.twofactor.spring;

import dev.twofactor.CredentialStatus;
import dev.twofactor.DeviceToken;
import dev.twofactor.DeviceVerification;
import dev.twofactor.ProofRejectedException;
import dev.twofactor.Verification;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.core.Authentication;

/**
 * "Trust this browser": the cookie that gives the second factor in place of a code.
 *
 * <p>The cookie holds the service's device token and nothing else, never the account. The token is
 * presented ({@code TwoFactor.verifyDevice}) only for a user who has just signed in with the
 * password and lacks the factor, and only against that account's trusted devices: the account
 * always comes from the password step. So a copied cookie alone signs nobody in; with another
 * user's password it is refused, since it is none of that account's devices; and whoever reads the
 * cookie learns nothing about the account. A signed or encrypted account name in the cookie would
 * add nothing the server does not know already, and would show the name to anyone who sees the
 * cookie. One browser holds one such cookie: the last user who ticked the box on it.
 *
 * <p>The cookie is {@code HttpOnly}, {@code Secure} (except over plain HTTP between the loopback
 * interface and itself, for development; behind a proxy that ends TLS, set {@code
 * server.forward-headers-strategy}), {@code SameSite=Lax}, scoped to the application's context
 * path, and expires when the trust does. Every use replaces its token, so that a copy used after
 * the original (or the original after a copy) is refused as {@code REPLAYED}, which ends the trust
 * of every browser of the account and is told on the code page. Any other refused cookie (expired,
 * revoked, forged, of another account, or of a reset or replaced authenticator) is cleared, and the
 * user gives a code as usual.
 *
 * <p>A factor given by a trusted browser is issued at the cookie's use and comes with no proof from
 * the service: replacing the authenticator, new recovery codes and turning it off still ask for a
 * code.
 */
final class TrustedBrowsers {
  /** The code page's checkbox: present (any value) when the user ticked it. */
  static final String PARAMETER = "trust-browser";

  /** The id of the session's own trusted browser, to mark it in the list. */
  private static final String DEVICE_ATTRIBUTE = TrustedBrowsers.class.getName() + ".device";

  /** The account whose browsers' trust ended because this browser presented a copied token. */
  static final String COPIED_ATTRIBUTE = TrustedBrowsers.class.getName() + ".copied";

  private static final Log log = LogFactory.getLog(TrustedBrowsers.class);
  private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.[0-9]{1,3}){3}");

  /** A cookie name: an RFC 6265 token. */
  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  private final TwoFactorWeb web;
  private final TwoFactorProperties.TrustedDevices settings;

  TrustedBrowsers(TwoFactorWeb web) {
    this.web = web;
    this.settings = web.properties.trustedDevices();
  }

  /**
   * Fails start-up when {@code twofactor.trusted-devices.cookie-name} is no cookie name (RFC 6265,
   * section 4.1.1: a token, here of at most 64 characters).
   */
  static void checkCookieName(String name) {
    if (!COOKIE_NAME.matcher(name).matches()) {
      throw new InvalidTwoFactorPropertyException(
          "twofactor.trusted-devices.cookie-name",
          "must be 1 to 64 letters, digits or !#$%&'*+-.^_`|~: "
              + TwoFactorAdministration.quote(name),
          "Set twofactor.trusted-devices.cookie-name to a cookie name such as"
              + " twofactor-trusted-browser.");
    }
  }

  /** Tells whether the checkbox is shown and the cookie read. */
  boolean enabled() {
    return settings.enabled();
  }

  /** How long a browser stays trusted, for the checkbox's text. */
  Duration lifetime() {
    return settings.lifetime();
  }

  /**
   * After a code was accepted with the box ticked: trusts the browser and sets its cookie. Nothing
   * happens if the service refuses (the authenticator was replaced or removed meanwhile, in another
   * session): the user signed in, and the next sign-in asks for a code.
   *
   * @param proof the proof of the accepted verification
   */
  void trust(
      HttpServletRequest request,
      HttpServletResponse response,
      String accountId,
      @Nullable String proof) {
    if (!enabled() || proof == null) {
      return;
    }
    DeviceToken token;
    try {
      token = web.calls.trustDevice(request, accountId, proof, label(request));
    } catch (ProofRejectedException | IllegalStateException e) {
      return;
    }
    setCookie(request, response, token);
    request.getSession().setAttribute(DEVICE_ATTRIBUTE, token.deviceId());
  }

  /**
   * For a signed-in user without the factor whose browser has the cookie: presents it, and if the
   * service accepts it, gives the factor and sets the token that replaced it. A refused cookie is
   * cleared; a copied one is also remembered, for the code page to tell.
   *
   * @return {@code true} if the factor was given: the caller sends the user on
   */
  boolean signIn(
      HttpServletRequest request,
      HttpServletResponse response,
      Authentication current,
      FactorGrant grant) {
    if (!enabled()) {
      return false;
    }
    String token = cookie(request);
    if (token == null) {
      return false;
    }
    String accountId = current.getName();
    CredentialStatus status = web.status(request, accountId);
    if (status.state() != CredentialStatus.State.ACTIVE) {
      // Reset or turned off: the service ended the trust of every browser with the credential.
      clear(request, response);
      return false;
    }
    DeviceVerification verification = web.calls.verifyDevice(request, accountId, token);
    if (!verification.isAccepted()) {
      clear(request, response);
      if (verification.reason() == Verification.Reason.REPLAYED) {
        log.warn(
            "A trusted-browser cookie of account "
                + TwoFactorAdministration.quote(accountId)
                + " was used after it had been replaced: it was copied. Every browser of the"
                + " account must give a code again.");
        request.getSession().setAttribute(COPIED_ATTRIBUTE, accountId);
      }
      return false;
    }
    grant.grant(request, response, current, null);
    FactorGrant.notice(request, accountId, status.failures());
    // Empty within the grace period: a parallel request already replaced the token, and its
    // response carries the new one.
    verification.newToken().ifPresent(next -> setCookie(request, response, next));
    verification
        .deviceId()
        .ifPresent(id -> request.getSession().setAttribute(DEVICE_ATTRIBUTE, id));
    return true;
  }

  /**
   * Tells whether the signed-in user's browsers lost their trust because this browser presented a
   * copied cookie, until the user's next second step.
   */
  static boolean copied(HttpServletRequest request, @Nullable Authentication current) {
    HttpSession session = request.getSession(false);
    return current != null
        && session != null
        && current.getName().equals(session.getAttribute(COPIED_ATTRIBUTE));
  }

  /** The id of this session's trusted browser, or {@code null}. */
  static @Nullable String thisDevice(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && session.getAttribute(DEVICE_ATTRIBUTE) instanceof String id
        ? id
        : null;
  }

  /** Clears the cookie, and forgets which trusted browser this session is. */
  void clear(HttpServletRequest request, HttpServletResponse response) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(DEVICE_ATTRIBUTE);
    }
    if (cookie(request) != null) {
      response.addHeader(HttpHeaders.SET_COOKIE, cookie(request, "", Duration.ZERO).toString());
    }
  }

  private void setCookie(HttpServletRequest request, HttpServletResponse response, DeviceToken t) {
    Duration left = Duration.between(web.clock.instant(), t.expiresAt());
    response.addHeader(
        HttpHeaders.SET_COOKIE,
        cookie(request, t.token(), left.isNegative() ? Duration.ZERO : left).toString());
  }

  private ResponseCookie cookie(HttpServletRequest request, String value, Duration maxAge) {
    String path = request.getContextPath();
    return ResponseCookie.from(settings.cookieName(), value)
        .httpOnly(true)
        .secure(isSecure(request))
        .sameSite("Lax")
        .path(path.isEmpty() ? "/" : path)
        .maxAge(maxAge)
        .build();
  }

  /** The cookie's value, or {@code null} if the request has none (or an empty one). */
  private @Nullable String cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (settings.cookieName().equals(cookie.getName())
          && cookie.getValue() != null
          && !cookie.getValue().isEmpty()) {
        return cookie.getValue();
      }
    }
    return null;
  }

  /**
   * Tells whether the cookie must be {@code Secure}: always, except for a plain HTTP request to a
   * loopback host from a loopback address (a developer's own machine), where a browser would not
   * keep a {@code Secure} cookie. Behind a proxy that ends TLS, Spring Boot's {@code
   * server.forward-headers-strategy} makes the request secure.
   */
  static boolean isSecure(HttpServletRequest request) {
    return request.isSecure()
        || !isLoopback(request.getServerName())
        || !isLoopback(request.getRemoteAddr());
  }

  static boolean isLoopback(@Nullable String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || IPV4_LOOPBACK.matcher(h).matches();
  }

  /**
   * What the user will recognise the browser by in the list: "Firefox on Linux", from the {@code
   * User-Agent} header, in the request's language ({@code twofactor.devices.name}). Only the names
   * this method knows are used, never text copied from the header.
   */
  String label(HttpServletRequest request) {
    String userAgent = request.getHeader("User-Agent");
    String browser = userAgent == null ? null : browser(userAgent);
    String system = userAgent == null ? null : system(userAgent);
    String fallback = web.text(request, "twofactor.devices.browser");
    String name =
        system == null
            ? (browser == null ? fallback : browser)
            : web.text(
                request, "twofactor.devices.name", browser == null ? fallback : browser, system);
    return sanitized(name, fallback);
  }

  /** The browser's name, or {@code null}; the order matters, as browsers name each other. */
  static @Nullable String browser(String userAgent) {
    if (userAgent.contains("Edg/")
        || userAgent.contains("EdgA/")
        || userAgent.contains("EdgiOS/")) {
      return "Edge";
    }
    if (userAgent.contains("OPR/") || userAgent.contains("Opera")) {
      return "Opera";
    }
    if (userAgent.contains("SamsungBrowser/")) {
      return "Samsung Internet";
    }
    if (userAgent.contains("Vivaldi/")) {
      return "Vivaldi";
    }
    if (userAgent.contains("Firefox/") || userAgent.contains("FxiOS/")) {
      return "Firefox";
    }
    if (userAgent.contains("Chromium/")) {
      return "Chromium";
    }
    if (userAgent.contains("Chrome/") || userAgent.contains("CriOS/")) {
      return "Chrome";
    }
    if (userAgent.contains("Safari/") && userAgent.contains("Version/")) {
      return "Safari";
    }
    return null;
  }

  /** The operating system's name, or {@code null}. */
  static @Nullable String system(String userAgent) {
    if (userAgent.contains("Windows")) {
      return "Windows";
    }
    if (userAgent.contains("iPhone") || userAgent.contains("iPad") || userAgent.contains("iPod")) {
      return "iOS";
    }
    if (userAgent.contains("Android")) {
      return "Android";
    }
    if (userAgent.contains("CrOS")) {
      return "ChromeOS";
    }
    if (userAgent.contains("Macintosh") || userAgent.contains("Mac OS X")) {
      return "macOS";
    }
    if (userAgent.contains("Linux")) {
      return "Linux";
    }
    return null;
  }

  /**
   * A label the service accepts: no control, format (bidirectional) or separator characters, no
   * lone surrogates, runs of white space made one space, at most 100 characters; the fallback if
   * nothing is left.
   */
  static String sanitized(String text, String fallback) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              int type = Character.getType(c);
              boolean space =
                  Character.isWhitespace(c)
                      || Character.isSpaceChar(c)
                      || type == Character.CONTROL
                      || type == Character.FORMAT
                      || type == Character.SURROGATE
                      || type == Character.PRIVATE_USE
                      || type == Character.UNASSIGNED;
              if (!space) {
                out.appendCodePoint(c);
              } else if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                out.append(' ');
              }
            });
    int end = Math.min(out.length(), 100);
    if (end > 0 && Character.isHighSurrogate(out.charAt(end - 1))) {
      end--;
    }
    String label = out.substring(0, end).strip();
    return label.isEmpty() ? sanitized(fallback, "Browser") : label;
  }
}
