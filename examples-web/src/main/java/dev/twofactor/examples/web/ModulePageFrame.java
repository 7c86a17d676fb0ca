package dev.twofactor.examples.web;

import static org.springframework.security.web.context.HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/**
 * Puts the help desk's name in the title, its header (the name, the links and "Sign out") and its
 * stylesheet on the pages that twofactor-spring writes itself, the code page and the profile's
 * two-factor page, so that they read as part of the help desk.
 *
 * <p>A workaround: twofactor-spring's pages have no place for the host's header yet, so this filter
 * inserts it into their HTML after the module wrote it. Nothing else of the page is changed.
 */
@Configuration(proxyBeanMethods = false)
class ModulePageFrame {
  @Bean
  FilterRegistrationBean<Frame> modulePageFrameFilter(SpringTemplateEngine templates) {
    FilterRegistrationBean<Frame> registration = new FilterRegistrationBean<>(new Frame(templates));
    registration.addUrlPatterns("/login/totp", "/account/two-factor", "/account/two-factor/*");
    // Outside Spring Security's filters, so that it sees the page as the module wrote it.
    registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
    return registration;
  }

  static final class Frame extends OncePerRequestFilter {
    private final SpringTemplateEngine templates;

    Frame(SpringTemplateEngine templates) {
      this.templates = templates;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      ContentCachingResponseWrapper page = new ContentCachingResponseWrapper(response);
      chain.doFilter(request, page);
      String type = page.getContentType();
      if (page.getStatus() == HttpServletResponse.SC_OK
          && type != null
          && type.startsWith("text/html")) {
        String html = new String(page.getContentAsByteArray(), StandardCharsets.UTF_8);
        String framed =
            html.replaceFirst("</title>", " – ACME Help Desk</title>")
                .replace(
                    "<link href=\"/default-ui.css\" rel=\"stylesheet\">",
                    "<link href=\"/default-ui.css\" rel=\"stylesheet\">\n"
                        + "<link href=\"/helpdesk.css\" rel=\"stylesheet\">")
                .replace("<body>\n", "<body>\n" + header(request));
        page.resetBuffer();
        page.getOutputStream().write(framed.getBytes(StandardCharsets.UTF_8));
      }
      page.copyBodyToResponse();
    }

    /** The header fragment of the help desk's own pages, for the user signed in now. */
    private String header(HttpServletRequest request) {
      // Spring Security has cleared its holder by now; the session keeps the signed-in user.
      HttpSession session = request.getSession(false);
      Authentication user =
          session != null
                  && session.getAttribute(SPRING_SECURITY_CONTEXT_KEY)
                      instanceof SecurityContext security
              ? security.getAuthentication()
              : null;
      Context context = new Context(request.getLocale());
      context.setVariable("user", user == null ? null : user.getName());
      context.setVariable(
          "administrator",
          user != null
              && user.getAuthorities().stream()
                  .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority())));
      context.setVariable("_csrf", request.getAttribute(CsrfToken.class.getName()));
      // On the code page the user is half signed in: only "Sign out" leads anywhere.
      context.setVariable("secondStep", request.getRequestURI().equals("/login/totp"));
      return templates.process("fragments", Set.of("header"), context);
    }
  }
}
