package dev.twofactor.examples.web;

import dev.twofactor.CredentialStatus;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.spring.TwoFactorAdministration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The help desk's own pages: sign-in, the tickets, and the administrator's list of agents. The
 * second step ({@code /login/totp}) and the profile's two-factor page ({@code /account/two-factor})
 * are twofactor-spring's.
 */
@Controller
final class Pages {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /**
   * A ticket of the sample queue.
   *
   * @param number the ticket number
   * @param subject what the customer asks
   * @param customer who asks
   * @param state open, waiting or solved
   */
  record Ticket(int number, String subject, String customer, String state) {}

  static final List<Ticket> TICKETS =
      List.of(
          new Ticket(1042, "Printer on the 3rd floor prints blank pages", "Dana Weiss", "Open"),
          new Ticket(1041, "Cannot open the March invoice PDF", "Ravi Patel", "Open"),
          new Ticket(1039, "VPN drops every ten minutes", "Mei Lin", "Waiting on customer"),
          new Ticket(1036, "New starter needs a laptop on Monday", "Tom Okafor", "Solved"));

  /**
   * A row of the administrator's page.
   *
   * @param name the agent
   * @param state none, pending, active or locked, with since or until when
   * @param resettable whether there is anything to reset
   */
  record AgentRow(String name, String state, boolean resettable) {}

  private final TwoFactorAdministration administration;

  Pages(TwoFactorAdministration administration) {
    this.administration = administration;
  }

  /** Who is signed in, for the header of every page; {@code null} on the sign-in page. */
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

  @GetMapping("/login")
  String login() {
    return "login";
  }

  @GetMapping("/")
  String tickets(Authentication authentication, Model model) {
    CredentialStatus status = administration.status(authentication.getName());
    model.addAttribute("tickets", TICKETS);
    model.addAttribute("twoFactorOn", status.state() == CredentialStatus.State.ACTIVE);
    return "tickets";
  }

  @GetMapping("/admin/two-factor")
  String administration(Model model) {
    model.addAttribute(
        "agents",
        Accounts.SEEDED.stream().map(a -> row(a.name(), administration.status(a.name()))).toList());
    return "admin";
  }

  private static AgentRow row(String name, CredentialStatus status) {
    String state =
        switch (status.state()) {
          case NONE -> "None";
          case PENDING ->
              "Pending: set up, not confirmed"
                  + status.pendingExpiresAt().map(t -> " (expires " + time(t) + ")").orElse("");
          case ACTIVE ->
              "Active"
                  + status.confirmedAt().map(t -> " since " + time(t)).orElse("")
                  + ", "
                  + status.recoveryCodesLeft()
                  + " recovery codes left";
        };
    state += status.lockedUntil().map(t -> "; locked until " + lockEnd(t)).orElse("");
    return new AgentRow(name, state, status.state() != CredentialStatus.State.NONE);
  }

  private static String lockEnd(Instant until) {
    return until.isBefore(ThrottlePolicy.UNTIL_RESET) ? time(until) : "an administrator unlocks it";
  }

  private static String time(Instant instant) {
    return TIME.format(instant);
  }
}
