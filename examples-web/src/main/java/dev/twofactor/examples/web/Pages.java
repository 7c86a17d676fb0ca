package dev.twofactor.examples.web;

import dev.twofactor.CredentialStatus;
import dev.twofactor.ThrottlePolicy;
import dev.twofactor.spring.TwoFactorAdministration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The help desk's own pages: sign-in, the tickets, and the administrator's list of agents. The
 * second step ({@code /login/totp}) and the profile's two-factor page ({@code /account/two-factor})
 * are twofactor-spring's.
 */
@Controller
final class Pages {
  /** When something happened or ends, to the minute, as the two-factor page shows it. */
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** When a lock ends: to the second, since the first ones last 30 seconds. */
  private static final DateTimeFormatter SECOND =
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
   * @param state none, pending or active, with since or until when
   * @param lock until when wrong codes locked the sign-in, or {@code null}; the page offers to
   *     unlock it
   * @param resettable whether there is anything to reset
   */
  record AgentRow(String name, Line state, @Nullable Line lock, boolean resettable) {}

  /**
   * A line of text with a time in it, which the page keeps from breaking at its hyphens.
   *
   * @param text the text before the time
   * @param time the time, or {@code null} for a line without one
   * @param rest the text after the time
   */
  record Line(String text, @Nullable String time, String rest) {
    static Line of(String text, Optional<Instant> time, DateTimeFormatter format, String rest) {
      return new Line(
          time.isPresent() ? text + " " : text, time.map(format::format).orElse(null), rest);
    }
  }

  private final TwoFactorAdministration administration;

  Pages(TwoFactorAdministration administration) {
    this.administration = administration;
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
    Line state =
        switch (status.state()) {
          case NONE -> new Line("None", null, "");
          case PENDING ->
              status.pendingExpiresAt().isPresent()
                  ? Line.of(
                      "Pending: not confirmed, expires", status.pendingExpiresAt(), MINUTE, "")
                  : new Line("Pending: not confirmed", null, "");
          case ACTIVE ->
              Line.of(
                  status.confirmedAt().isPresent() ? "Active since" : "Active",
                  status.confirmedAt(),
                  MINUTE,
                  ", " + status.recoveryCodesLeft() + " recovery codes left");
        };
    Line lock = status.lockedUntil().map(Pages::lock).orElse(null);
    return new AgentRow(name, state, lock, status.state() != CredentialStatus.State.NONE);
  }

  private static Line lock(Instant until) {
    return until.isBefore(ThrottlePolicy.UNTIL_RESET)
        ? Line.of("Locked after wrong codes until", Optional.of(until), SECOND, "")
        : new Line("Locked after too many wrong codes, until unlocked", null, "");
  }
}
