package dev.twofactor;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rule for account ids: 1 to 255 characters of well-formed UTF-16, without control characters,
 * line or paragraph separators, or bidirectional formatting characters.
 *
 * <p>Well-formed, because a database that stores text as UTF-8 cannot store a lone surrogate and
 * replaces it (PostgreSQL writes {@code ?}), which would make {@code "bob\uD800"} and {@code
 * "bob?"} one row. Without control and bidirectional characters, because an id goes into messages
 * and audit logs, where they could forge a line or reorder what a reader sees.
 */
final class AccountIds {
  /** The longest account id, so that it fits a {@code VARCHAR(255)} primary key. */
  static final int MAX_LENGTH = 255;

  private AccountIds() {}

  /** Checks an id given by the host; a caller mistake, so an {@link IllegalArgumentException}. */
  static void check(String accountId) {
    Objects.requireNonNull(accountId, "accountId");
    String problem = problem(accountId);
    if (problem != null) {
      throw new IllegalArgumentException("accountId " + problem);
    }
  }

  /** Returns what the id breaks, or {@code null}; the message escapes what it quotes. */
  static @Nullable String problem(String accountId) {
    if (accountId.isEmpty()) {
      return "must not be empty";
    }
    if (accountId.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters: " + accountId.length();
    }
    for (int i = 0; i < accountId.length(); i++) {
      char c = accountId.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < accountId.length()
          && Character.isLowSurrogate(accountId.charAt(i + 1))) {
        i++;
        continue;
      }
      if (Character.isSurrogate(c)) {
        return "must be well-formed UTF-16: a lone surrogate "
            + Ascii.describe(c)
            + " at index "
            + i;
      }
      int type = Character.getType(c);
      if (type == Character.CONTROL
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || isBidiControl(c)) {
        return "must not contain control or bidirectional characters: "
            + Ascii.describe(c)
            + " at index "
            + i;
      }
    }
    return null;
  }

  /** The bidirectional formatting characters of Unicode's Bidi_Control property. */
  private static boolean isBidiControl(char c) {
    return c == '\u061C'
        || c == '\u200E'
        || c == '\u200F'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
