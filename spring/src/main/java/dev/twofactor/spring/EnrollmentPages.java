package dev.twofactor.spring;

import dev.twofactor.AppCompatibility;
import dev.twofactor.CredentialStatus;
import dev.twofactor.Enrollment;
import dev.twofactor.OtpAuthUri;
import dev.twofactor.ProofRejectedException;
import dev.twofactor.RecoveryCodes;
import dev.twofactor.TrustedDevice;
import dev.twofactor.Verification;
import dev.twofactor.qr.QrCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.FactorAuthorizationDecision;
import org.springframework.security.authorization.RequiredFactor;
import org.springframework.security.authorization.RequiredFactorError;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.DefaultRedirectStrategy;

/**
 * The signed-in user's two-factor page: status; set up an authenticator app (QR code, manual key,
 * advice about apps) and confirm it with its first code; recovery codes, shown once; replace the
 * app; turn it off; the trusted browsers, each of which can be forgotten, or all at once.
 *
 * <p>Who may do what: a signed-in user without an active authenticator may set one up with the
 * password alone (under {@code REQUIRED} that is the only way on). Once an authenticator is active,
 * every page here needs the {@value TwoFactorConfigurer#TOTP_AUTHORITY} factor, and replacing the
 * app, new recovery codes and turning it off need a recent one: a factor issued within {@code
 * twofactor.web.step-up} and the service's proof of that sign-in, kept in the session. Without both
 * (an older factor, a factor that the application granted some other way, or a proof that the
 * service refuses because it expired or the authenticator was replaced elsewhere) the user is sent
 * to the code page first, by Spring Security's missing-factor handling, and back: a GET of the
 * confirmation page directly, a POST by way of its confirmation page. Pages that show a secret or
 * recovery codes are sent with {@code Cache-Control: no-store}, like every page of this module.
 *
 * <p>After a wrong first code the set-up page is shown again, QR code and key included: the session
 * keeps the new secret's {@code otpauth://} URI from the start of the set-up until its first code
 * is accepted, it expires ({@code twofactor.enrollment-timeout}), or the session ends. <b>Security
 * note:</b> where sessions are stored outside the application (Spring Session), the store holds
 * that URI meanwhile, as it holds the session's sign-in.
 */
final class EnrollmentPages {
  static final String START = "/start";
  static final String CONFIRM = "/confirm";
  static final String REPLACE = "/replace";
  static final String RECOVERY_CODES = "/recovery-codes";
  static final String DISABLE = "/disable";
  static final String FORGET_BROWSER = "/browsers/forget";
  static final String FORGET_BROWSERS = "/browsers/forget-all";

  /**
   * The set-up this session started ({@link SetUp}), until its first code is accepted: a wrong code
   * shows the QR code and the key again.
   */
  private static final String SET_UP_ATTRIBUTE = EnrollmentPages.class.getName() + ".setUp";

  /**
   * A set-up waiting for its first code, as the session keeps it.
   *
   * @param accountId the account that started it
   * @param uri the {@code otpauth://} URI, with the new secret
   * @param expiresAt when it can no longer be confirmed
   */
  record SetUp(String accountId, String uri, Instant expiresAt) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Leaves the URI out: it holds the secret. */
    @Override
    public String toString() {
      return "SetUp[accountId=" + accountId + ", expiresAt=" + expiresAt + "]";
    }
  }

  /** The field of {@link #FORGET_BROWSER}: the id of the trusted browser to forget. */
  static final String DEVICE = "device";

  /** The status page's parameter after forgetting browsers: {@code one} or {@code all}. */
  private static final String FORGOTTEN = "forgotten";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final TwoFactorWeb web;
  private final FactorGrant grant;
  private final CodeStep codeStep;
  private final TrustedBrowsers browsers;
  private final DefaultRedirectStrategy redirect = new DefaultRedirectStrategy();

  EnrollmentPages(
      TwoFactorWeb web, FactorGrant grant, CodeStep codeStep, TrustedBrowsers browsers) {
    this.web = web;
    this.grant = grant;
    this.codeStep = codeStep;
    this.browsers = browsers;
    redirect.setStatusCode(HttpStatus.SEE_OTHER);
  }

  private String base() {
    return web.properties.web().enrollmentPage();
  }

  void status(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Authentication user = user();
    CredentialStatus status = access(request, user);
    Html html = page(request);
    if (request.getAttribute(TwoFactorConfigurer.FAILED_ATTEMPTS_ATTRIBUTE)
        instanceof Integer failed) {
      html.error(web.text(request, "twofactor.status.failedAttempts", failed));
    }
    switch (status.state()) {
      case ACTIVE -> {
        if (request.getParameter("recovery-code-used") != null) {
          html.success(
              web.text(request, "twofactor.status.recoveryCodeUsed", status.recoveryCodesLeft()));
        }
        String forgotten = request.getParameter(FORGOTTEN);
        if ("one".equals(forgotten)) {
          html.success(web.text(request, "twofactor.devices.forgotten"));
        } else if ("all".equals(forgotten)) {
          html.success(web.text(request, "twofactor.devices.allForgotten"));
        }
        html.paragraph(web.text(request, "twofactor.status.on"));
        status
            .confirmedAt()
            .ifPresent(t -> html.paragraph(web.text(request, "twofactor.status.since", time(t))));
        status
            .lastUsedAt()
            .ifPresent(
                t -> html.paragraph(web.text(request, "twofactor.status.lastUsed", time(t))));
        status
            .lockedUntil()
            .ifPresent(t -> html.paragraph(web.text(request, "twofactor.status.locked", time(t))));
        html.paragraph(
                web.text(request, "twofactor.status.recoveryCodesLeft", status.recoveryCodesLeft()))
            .link(base() + REPLACE, web.text(request, "twofactor.replace.link"))
            .link(base() + RECOVERY_CODES, web.text(request, "twofactor.codes.link"))
            .link(base() + DISABLE, web.text(request, "twofactor.disable.link"));
        trustedBrowsers(request, html, status.trustedDevices());
      }
      case PENDING -> {
        html.paragraph(web.text(request, "twofactor.status.pending"));
        confirmForm(request, html, false);
        restartForm(request, html);
      }
      case NONE -> {
        if (web.properties.policy() == TwoFactorProperties.Policy.REQUIRED
            && !TwoFactorWeb.hasFactor(user)) {
          html.paragraph(web.text(request, "twofactor.status.required"));
        }
        html.paragraph(web.text(request, "twofactor.status.off"))
            .formStart(base() + START)
            .button(web.text(request, "twofactor.start.submit"), true)
            .formEnd();
      }
    }
    html.write(response, HttpServletResponse.SC_OK);
  }

  /** Starts a first enrollment, or, after a recent code, the replacement of the active app. */
  void start(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Authentication user = user();
    CredentialStatus status = access(request, user);
    String proof = null;
    if (status.state() == CredentialStatus.State.ACTIVE) {
      proof = recentProof(request, response, user, REPLACE);
      if (proof == null) {
        return;
      }
    }
    Enrollment enrollment;
    try {
      enrollment = web.calls.enroll(request, user.getName(), accountName(user.getName()), proof);
    } catch (ProofRejectedException e) {
      proofRefused(request, response, REPLACE);
      return;
    }
    TwoFactorWeb.forgetStatus(request);
    request
        .getSession()
        .setAttribute(
            SET_UP_ATTRIBUTE,
            new SetUp(user.getName(), enrollment.uri().toUriString(), enrollment.expiresAt()));
    Html html = page(request);
    setUp(request, html, enrollment.uri(), enrollment.expiresAt());
    confirmForm(request, html, true);
    html.write(response, HttpServletResponse.SC_OK);
  }

  /** The QR code, the key for typing, advice about apps, and how long is left to confirm. */
  private void setUp(HttpServletRequest request, Html html, OtpAuthUri uri, Instant expiresAt) {
    html.paragraph(web.text(request, "twofactor.start.scan"))
        .markup("<p>")
        .markup(
            QrCode.of(uri)
                .withModuleSize(5)
                .withTitle(web.text(request, "twofactor.start.qrTitle"))
                .toSvg())
        .markup("</p>\n")
        .paragraph(web.text(request, "twofactor.start.manual"))
        .markup("<p><code>")
        .markup(Html.escape(uri.secret().toGroupedBase32()))
        .markup("</code></p>\n");
    List<String> advice =
        AppCompatibility.of(uri).findings().stream()
            .filter(f -> f.effect().isKnownProblem())
            .map(AppCompatibility.Finding::message)
            .toList();
    if (advice.isEmpty()) {
      html.paragraph(web.text(request, "twofactor.start.anyApp"));
    } else {
      html.paragraph(web.text(request, "twofactor.start.advice")).markup("<ul>\n");
      for (String finding : advice) {
        html.markup("<li>").markup(Html.escape(finding)).markup("</li>\n");
      }
      html.markup("</ul>\n");
    }
    long minutes = Math.max(1, Duration.between(web.clock.instant(), expiresAt).toMinutes());
    html.paragraph(web.text(request, "twofactor.start.confirmWithin", minutes));
  }

  /**
   * The set-up this session started, to show again after a wrong first code, or {@code null} if
   * there is none, or it is no longer the account's pending one (expired, confirmed, or started
   * again elsewhere).
   */
  private @Nullable SetUp pendingSetUp(
      HttpServletRequest request, Authentication user, CredentialStatus status) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(SET_UP_ATTRIBUTE) instanceof SetUp setUp)) {
      return null;
    }
    boolean current =
        setUp.accountId().equals(user.getName())
            && status.pendingExpiresAt().equals(Optional.of(setUp.expiresAt()))
            && web.clock.instant().isBefore(setUp.expiresAt());
    if (!current) {
      session.removeAttribute(SET_UP_ATTRIBUTE);
      return null;
    }
    return setUp;
  }

  void confirm(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Authentication user = user();
    CredentialStatus status = access(request, user);
    boolean replacement = status.state() == CredentialStatus.State.ACTIVE;
    String code = request.getParameter(CodeStep.CODE);
    Verification v =
        code == null || code.length() > 64 || !CodeStep.isWellFormed(code)
            ? null
            : web.calls.confirm(request, user.getName(), code);
    if (v == null || !v.isAccepted()) {
      Html html = page(request).error(confirmError(request, v));
      SetUp pending = pendingSetUp(request, user, web.calls.status(user.getName()));
      if (pending != null) {
        // The user stays on the set-up page: the QR code and the key, to scan or type again.
        setUp(request, html, OtpAuthUri.parse(pending.uri()), pending.expiresAt());
      }
      confirmForm(request, html, true);
      restartForm(request, html);
      html.write(response, HttpServletResponse.SC_OK);
      return;
    }
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(SET_UP_ATTRIBUTE);
    }
    String proof = TwoFactorCalls.proof(v);
    grant.grant(request, response, user, proof);
    if (replacement) {
      page(request)
          .success(web.text(request, "twofactor.confirm.replaced"))
          .link(base(), web.text(request, "twofactor.back"))
          .write(response, HttpServletResponse.SC_OK);
      return;
    }
    String next = grant.savedRequest(request, response);
    Html html = page(request).success(web.text(request, "twofactor.confirm.on"));
    try {
      codes(request, html, web.calls.generateRecoveryCodes(request, user.getName(), proof));
    } catch (ProofRejectedException | IllegalStateException e) {
      // The authenticator was replaced or removed in another session meanwhile: no codes now;
      // the status page offers them (after a code, if need be).
      FactorGrant.forgetProof(request);
      html.link(base() + RECOVERY_CODES, web.text(request, "twofactor.codes.link"));
    }
    html.link(next != null ? next : base(), web.text(request, "twofactor.codes.continue"));
    html.write(response, HttpServletResponse.SC_OK);
  }

  /** GET of replace, recovery codes and disable: a recent code first, then a form to confirm. */
  void ask(HttpServletRequest request, HttpServletResponse response, String action)
      throws IOException {
    Authentication user = user();
    CredentialStatus status = access(request, user);
    if (status.state() != CredentialStatus.State.ACTIVE) {
      redirect.sendRedirect(request, response, base());
      return;
    }
    web.recentFactor().verify(() -> user, request);
    if (FactorGrant.proof(request) == null) {
      throw proofNeeded();
    }
    String key =
        switch (action) {
          case REPLACE -> "twofactor.replace";
          case RECOVERY_CODES -> "twofactor.codes";
          default -> "twofactor.disable";
        };
    Html html =
        page(request)
            .paragraph(web.text(request, key + ".intro"))
            .formStart(base() + (action.equals(REPLACE) ? START : action));
    if (action.equals(DISABLE)) {
      // Turning it off is no step forward: the button must not look like the page's main action.
      html.dangerButton(web.text(request, key + ".submit"));
    } else {
      html.button(web.text(request, key + ".submit"), true);
    }
    html.formEnd()
        .link(base(), web.text(request, "twofactor.back"))
        .write(response, HttpServletResponse.SC_OK);
  }

  void newRecoveryCodes(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Authentication user = user();
    String proof = activeWithRecentProof(request, response, user, RECOVERY_CODES);
    if (proof == null) {
      return;
    }
    RecoveryCodes codes;
    try {
      codes = web.calls.generateRecoveryCodes(request, user.getName(), proof);
    } catch (ProofRejectedException e) {
      proofRefused(request, response, RECOVERY_CODES);
      return;
    } catch (IllegalStateException e) {
      // Removed or replaced in another session since the status was read.
      TwoFactorWeb.forgetStatus(request);
      redirect.sendRedirect(request, response, base());
      return;
    }
    Html html = page(request);
    codes(request, html, codes);
    html.link(base(), web.text(request, "twofactor.codes.continue"))
        .write(response, HttpServletResponse.SC_OK);
  }

  void disable(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Authentication user = user();
    String proof = activeWithRecentProof(request, response, user, DISABLE);
    if (proof == null) {
      return;
    }
    try {
      web.calls.disable(request, user.getName(), proof);
    } catch (ProofRejectedException e) {
      proofRefused(request, response, DISABLE);
      return;
    }
    FactorGrant.forgetProof(request);
    TwoFactorWeb.forgetStatus(request);
    redirect.sendRedirect(request, response, base());
  }

  /** Forgets one trusted browser of the signed-in user's account: it asks for a code again. */
  void forgetBrowser(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Authentication user = user();
    CredentialStatus status = access(request, user);
    String device = request.getParameter(DEVICE);
    if (device == null || device.isEmpty() || device.length() > 64) {
      response.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    if (status.state() == CredentialStatus.State.ACTIVE) {
      web.calls.revokeDevice(request, user.getName(), device);
      if (device.equals(TrustedBrowsers.thisDevice(request))) {
        browsers.clear(request, response);
      }
    }
    TwoFactorWeb.forgetStatus(request);
    redirect.sendRedirect(request, response, base() + "?" + FORGOTTEN + "=one");
  }

  /** Forgets every trusted browser of the signed-in user's account, this one included. */
  void forgetBrowsers(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Authentication user = user();
    CredentialStatus status = access(request, user);
    if (status.state() == CredentialStatus.State.ACTIVE) {
      web.calls.revokeDevices(request, user.getName());
    }
    browsers.clear(request, response);
    TwoFactorWeb.forgetStatus(request);
    redirect.sendRedirect(request, response, base() + "?" + FORGOTTEN + "=all");
  }

  /**
   * The trusted browsers, each with its label, times and a button that forgets it, and a button
   * that forgets them all; every button a POST with the CSRF token.
   */
  private void trustedBrowsers(HttpServletRequest request, Html html, List<TrustedDevice> trusted) {
    if (!browsers.enabled() && trusted.isEmpty()) {
      return;
    }
    html.subheading(web.text(request, "twofactor.devices.title"));
    if (trusted.isEmpty()) {
      html.paragraph(web.text(request, "twofactor.devices.none"));
      return;
    }
    String thisDevice = TrustedBrowsers.thisDevice(request);
    html.paragraph(web.text(request, "twofactor.devices.intro"))
        .markup("<table class=\"table-striped\">\n<thead>\n<tr>")
        .markup(header(request, "twofactor.devices.label"))
        .markup(header(request, "twofactor.devices.created"))
        .markup(header(request, "twofactor.devices.lastUsed"))
        .markup(header(request, "twofactor.devices.expires"))
        .markup("<th scope=\"col\"><span class=\"screenreader\">")
        .markup(Html.escape(web.text(request, "twofactor.devices.forget")))
        .markup("</span></th></tr>\n</thead>\n<tbody>\n");
    for (TrustedDevice device : trusted) {
      String label =
          device.id().equals(thisDevice)
              ? web.text(request, "twofactor.devices.this", device.label())
              : device.label();
      html.markup("<tr class=\"v-middle\"><td>")
          .markup(Html.escape(label))
          .markup("</td><td>")
          .markup(Html.escape(time(device.created())))
          .markup("</td><td>")
          .markup(Html.escape(time(device.lastUsed())))
          .markup("</td><td>")
          .markup(Html.escape(time(device.expiresAt())))
          .markup("</td><td>\n")
          .formStart(base() + FORGET_BROWSER)
          .hidden(DEVICE, device.id())
          .smallButton(web.text(request, "twofactor.devices.forget"), label)
          .formEnd()
          .markup("</td></tr>\n");
    }
    html.markup("</tbody>\n</table>\n")
        .formStart(base() + FORGET_BROWSERS)
        .button(web.text(request, "twofactor.devices.forgetAll"), false)
        .formEnd();
  }

  private String header(HttpServletRequest request, String key) {
    return "<th scope=\"col\">" + Html.escape(web.text(request, key)) + "</th>";
  }

  private Authentication user() {
    Authentication user = grant.current();
    if (user == null) {
      throw new InsufficientAuthenticationException("sign in first");
    }
    return user;
  }

  /** The account's status; once it has an active authenticator, only with the factor. */
  private CredentialStatus access(HttpServletRequest request, Authentication user) {
    CredentialStatus status = web.calls.status(user.getName());
    if (status.state() == CredentialStatus.State.ACTIVE) {
      web.anyFactor().verify(() -> user, request);
    }
    return status;
  }

  /**
   * For a POST that replaces or removes the factor: checks that the account has an active
   * authenticator (else back to the status page), then returns the proof of a recent code.
   *
   * @return the proof, or {@code null} if the response is already a redirect
   */
  private @Nullable String activeWithRecentProof(
      HttpServletRequest request, HttpServletResponse response, Authentication user, String action)
      throws IOException {
    CredentialStatus status = access(request, user);
    if (status.state() != CredentialStatus.State.ACTIVE) {
      redirect.sendRedirect(request, response, base());
      return null;
    }
    return recentProof(request, response, user, action);
  }

  /**
   * Returns the proof of a recent code for a POST; without a factor issued within the step-up time
   * or without a proof, sends the user to the action's confirmation page, whose GET asks for a code
   * and comes back to it (Spring Security saves GETs only).
   *
   * @return the proof, or {@code null} if the response is already a redirect
   */
  private @Nullable String recentProof(
      HttpServletRequest request, HttpServletResponse response, Authentication user, String action)
      throws IOException {
    String proof = FactorGrant.proof(request);
    if (proof == null || !web.recentFactor().authorize(() -> user, request).isGranted()) {
      redirect.sendRedirect(request, response, base() + action);
      return null;
    }
    return proof;
  }

  /**
   * The service refused the session's proof (it expired, or the authenticator was replaced in
   * another session): forgets it and sends the user to the action's confirmation page, which asks
   * for a code first.
   */
  private void proofRefused(HttpServletRequest request, HttpServletResponse response, String action)
      throws IOException {
    FactorGrant.forgetProof(request);
    TwoFactorWeb.forgetStatus(request);
    redirect.sendRedirect(request, response, base() + action);
  }

  /**
   * A denial that Spring Security's missing-factor handling turns into the code page, after saving
   * the request: the factor is recent, but there is no proof of it to give the service.
   */
  private AuthorizationDeniedException proofNeeded() {
    RequiredFactor factor =
        RequiredFactor.withAuthority(TwoFactorConfigurer.TOTP_AUTHORITY)
            .validDuration(web.properties.web().stepUp())
            .build();
    return new AuthorizationDeniedException(
        "a recent two-factor code is needed: the session holds no proof of one",
        new FactorAuthorizationDecision(List.of(RequiredFactorError.createExpired(factor))));
  }

  private String confirmError(HttpServletRequest request, @Nullable Verification v) {
    if (v == null) {
      return web.text(request, "twofactor.code.malformed", web.properties.totp().digits());
    }
    return switch (v.reason()) {
      case EXPIRED -> web.text(request, "twofactor.confirm.expired");
      case NOT_ENROLLED -> web.text(request, "twofactor.confirm.nothingPending");
      case THROTTLED -> codeStep.throttled(request, v.retryAfter());
      case MALFORMED ->
          web.text(request, "twofactor.code.malformed", web.properties.totp().digits());
      default -> web.text(request, "twofactor.code.wrong");
    };
  }

  private void confirmForm(HttpServletRequest request, Html html, boolean autofocus) {
    html.formStart(base() + CONFIRM)
        .codeInput(CodeStep.CODE, web.text(request, "twofactor.code.label"), autofocus)
        .button(web.text(request, "twofactor.confirm.submit"), true)
        .formEnd();
  }

  private void restartForm(HttpServletRequest request, Html html) {
    html.formStart(base() + START)
        .button(web.text(request, "twofactor.start.again"), false)
        .formEnd();
  }

  private void codes(HttpServletRequest request, Html html, RecoveryCodes codes) {
    html.heading(web.text(request, "twofactor.codes.title"))
        .paragraph(web.text(request, "twofactor.codes.shownOnce"))
        .markup("<ul>\n");
    for (String code : codes.codes()) {
      html.markup("<li><code>").markup(Html.escape(code)).markup("</code></li>\n");
    }
    html.markup("</ul>\n");
  }

  private Html page(HttpServletRequest request) {
    String title = web.text(request, "twofactor.status.title");
    return new Html(request, web.text(request, "twofactor.lang"), title).heading(title);
  }

  private static String time(Instant instant) {
    return TIME.format(instant);
  }

  /**
   * The name an authenticator app shows under the issuer: the account id, without the colons,
   * control characters and surrounding whitespace that an otpauth:// label cannot carry.
   */
  static String accountName(String accountId) {
    StringBuilder name = new StringBuilder(accountId.length());
    accountId
        .codePoints()
        .forEach(
            c -> {
              if (c == ':' || Character.isISOControl(c)) {
                name.append(' ');
              } else {
                name.appendCodePoint(c);
              }
            });
    String stripped = name.toString().strip();
    return stripped.isEmpty() ? "account" : stripped;
  }
}
