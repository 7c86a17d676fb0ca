package dev.twofactor.examples.web;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the header of the help desk's own pages shows: who is signed in, and the administration link
 * for an administrator. Advice for every controller, so that the error page has the header too.
 */
@ControllerAdvice
final class Header {
  /** Who is signed in; {@code null} on the sign-in page and for anyone not signed in. */
  @ModelAttribute("user")
  @Nullable String user(@Nullable Authentication authentication) {
    return authentication == null ? null : authentication.getName();
  }

  /** Whether the header shows the administration link. */
  @ModelAttribute("administrator")
  boolean administrator(@Nullable Authentication authentication) {
    return authentication != null
        && authentication.getAuthorities().stream()
            .anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
  }
}
