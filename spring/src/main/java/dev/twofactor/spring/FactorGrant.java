package dev.twofactor.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Adds the {@value TwoFactorConfigurer#TOTP_AUTHORITY} factor to the signed-in user, as Spring
 * Security's authentication filters add theirs: the session's authentication strategy runs (a new
 * session id, a new CSRF token), then the new authentication is stored in the security context and
 * its repository. Keeps, in the session and never in the browser, the proof of the accepted code
 * and the count of failed attempts that the user should be told about.
 */
final class FactorGrant {
  /** The proof of the last accepted verification, for a replacement or removal; server side. */
  static final String PROOF_ATTRIBUTE = FactorGrant.class.getName() + ".proof";

  /** The failed attempts made elsewhere before the last second step: a {@link Notice}. */
  static final String NOTICE_ATTRIBUTE = FactorGrant.class.getName() + ".notice";

  /** Wrong codes and recovery codes that this session typed since its last second step. */
  static final String OWN_FAILURES_ATTRIBUTE = FactorGrant.class.getName() + ".ownFailures";

  /**
   * Failed attempts to tell an account's user about; kept with the account, so that a session that
   * another user signs in to later never shows them.
   */
  record Notice(String accountId, int failedAttempts) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final TwoFactorWeb web;
  private final SecurityContextHolderStrategy holder;
  private final SessionAuthenticationStrategy sessionStrategy;
  private final SecurityContextRepository contextRepository;
  private final RequestCache requestCache;

  FactorGrant(
      TwoFactorWeb web,
      SecurityContextHolderStrategy holder,
      SessionAuthenticationStrategy sessionStrategy,
      SecurityContextRepository contextRepository,
      RequestCache requestCache) {
    this.web = web;
    this.holder = holder;
    this.sessionStrategy = sessionStrategy;
    this.contextRepository = contextRepository;
    this.requestCache = requestCache;
  }

  /** The signed-in user, or {@code null}. */
  @Nullable Authentication current() {
    Authentication current = holder.getContext().getAuthentication();
    return web.isSignedIn(current) ? current : null;
  }

  /**
   * Gives the user a new factor authority, issued now, in place of an older one.
   *
   * @param proof the proof of the accepted verification, kept in the session; or {@code null}
   */
  void grant(
      HttpServletRequest request,
      HttpServletResponse response,
      Authentication current,
      @Nullable String proof) {
    FactorGrantedAuthority factor =
        FactorGrantedAuthority.withAuthority(TwoFactorConfigurer.TOTP_AUTHORITY)
            .issuedAt(web.clock.instant())
            .build();
    Authentication next =
        current.toBuilder()
            .authorities(
                authorities -> {
                  authorities.removeIf(
                      a -> TwoFactorConfigurer.TOTP_AUTHORITY.equals(a.getAuthority()));
                  authorities.add(factor);
                })
            .build();
    sessionStrategy.onAuthentication(next, request, response);
    SecurityContext context = holder.createEmptyContext();
    context.setAuthentication(next);
    holder.setContext(context);
    contextRepository.saveContext(context, request, response);
    HttpSession session = request.getSession();
    if (proof != null) {
      session.setAttribute(PROOF_ATTRIBUTE, proof);
    } else {
      session.removeAttribute(PROOF_ATTRIBUTE);
    }
    // The notice of a copied trusted-browser cookie is told until the next second step.
    session.removeAttribute(TrustedBrowsers.COPIED_ATTRIBUTE);
    TwoFactorWeb.forgetStatus(request);
  }

  /** The proof kept by the last {@link #grant}, or {@code null}. */
  static @Nullable String proof(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && session.getAttribute(PROOF_ATTRIBUTE) instanceof String proof
        ? proof
        : null;
  }

  /** Drops the proof that the service refused, so that the next change asks for a code first. */
  static void forgetProof(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(PROOF_ATTRIBUTE);
    }
  }

  /** Counts a wrong code or recovery code that this session typed on the code page. */
  static void ownFailure(HttpServletRequest request) {
    HttpSession session = request.getSession();
    int before = session.getAttribute(OWN_FAILURES_ATTRIBUTE) instanceof Integer count ? count : 0;
    session.setAttribute(OWN_FAILURES_ATTRIBUTE, before == Integer.MAX_VALUE ? before : before + 1);
  }

  /**
   * After an accepted second step, keeps the failed attempts that the user did not make in this
   * session, to be told about for the rest of it; none removes an earlier notice.
   *
   * @param failuresSinceLastSuccess the service's count, which includes this session's own typos
   */
  static void notice(HttpServletRequest request, String accountId, int failuresSinceLastSuccess) {
    HttpSession session = request.getSession();
    int own = session.getAttribute(OWN_FAILURES_ATTRIBUTE) instanceof Integer count ? count : 0;
    session.removeAttribute(OWN_FAILURES_ATTRIBUTE);
    int elsewhere = Math.max(0, failuresSinceLastSuccess - own);
    if (elsewhere > 0) {
      session.setAttribute(NOTICE_ATTRIBUTE, new Notice(accountId, elsewhere));
    } else {
      session.removeAttribute(NOTICE_ATTRIBUTE);
    }
  }

  /**
   * Returns the failed attempts to tell the signed-in user about, if any.
   *
   * @return more than 0, or {@code null}
   */
  @Nullable Integer failedAttempts(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null || !(session.getAttribute(NOTICE_ATTRIBUTE) instanceof Notice notice)) {
      return null;
    }
    Authentication current = current();
    return current != null && current.getName().equals(notice.accountId())
        ? notice.failedAttempts()
        : null;
  }

  /**
   * Returns where the user was going before the second step: the request that Spring Security
   * saved, unless it was the code page itself or lies outside this application.
   *
   * <p>Only the path and query of the saved URL are kept, never its scheme or host, which come from
   * the request's {@code Host} or forwarding headers: a poisoned header can then never send the
   * user to another site.
   *
   * @return a path in this application without the context path, with its query, or {@code null}
   */
  @Nullable String savedRequest(HttpServletRequest request, HttpServletResponse response) {
    SavedRequest saved = requestCache.getRequest(request, response);
    if (saved == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(saved.getRedirectUrl());
    } catch (IllegalArgumentException e) {
      requestCache.removeRequest(request, response);
      return null;
    }
    String path = uri.getRawPath();
    String context = request.getContextPath();
    TwoFactorProperties.Web paths = web.properties.web();
    if (path == null
        || !path.startsWith(context + "/")
        || path.startsWith("//", context.length())
        || path.equals(context + paths.codePage())) {
      requestCache.removeRequest(request, response);
      return null;
    }
    String query = uri.getRawQuery();
    return path.substring(context.length()) + (query == null ? "" : "?" + query);
  }
}
