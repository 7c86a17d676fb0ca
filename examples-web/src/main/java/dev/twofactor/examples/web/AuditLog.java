package dev.twofactor.examples.web;

import dev.twofactor.TwoFactorEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Writes every two-factor event to the console, as an audit log keeps it: what happened to which
 * account, when, from where, and which administrator did it. An event holds no secret and no code,
 * and its text escapes the names in it.
 */
@Component
final class AuditLog {
  private static final Log log = LogFactory.getLog(AuditLog.class);

  @EventListener
  void on(TwoFactorEvent event) {
    log.info(event);
  }
}
