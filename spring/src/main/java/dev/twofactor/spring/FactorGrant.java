package dev.twofactor.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
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
 * its repository.
 */
final class FactorGrant {
  /** The proof of the last accepted verification, for a replacement or removal; server side. */
  static final String PROOF_ATTRIBUTE = FactorGrant.class.getName() + ".proof";

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
    TwoFactorWeb.forgetStatus(request);
  }

  /** The proof kept by the last {@link #grant}, or {@code null}. */
  static @Nullable String proof(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session != null && session.getAttribute(PROOF_ATTRIBUTE) instanceof String proof
        ? proof
        : null;
  }

  /**
   * Returns where the user was going before the second step: the request that Spring Security
   * saved, unless it was the code page itself.
   *
   * @return an absolute URL that this application made, or {@code null}
   */
  @Nullable String savedRequest(HttpServletRequest request, HttpServletResponse response) {
    SavedRequest saved = requestCache.getRequest(request, response);
    if (saved == null) {
      return null;
    }
    String url = saved.getRedirectUrl();
    String path;
    try {
      path = URI.create(url).getRawPath();
    } catch (IllegalArgumentException e) {
      return null;
    }
    String context = request.getContextPath();
    TwoFactorProperties.Web paths = web.properties.web();
    if (path == null || path.equals(context + paths.codePage())) {
      requestCache.removeRequest(request, response);
      return null;
    }
    return url;
  }
}
