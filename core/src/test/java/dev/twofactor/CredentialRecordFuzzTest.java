package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@link CredentialRecord#fromMap} with the key-value pairs of a stored
 * record: it reads a record that writes back to the same map, or throws {@link
 * InvalidCredentialRecordException} that shows no sealed secret and no recovery-code hash.
 *
 * <p>The input is one {@code key=value} pair a line; a line without {@code =} maps its key to null.
 */
final class CredentialRecordFuzzTest {
  private static final List<String> HIDDEN = List.of("secret", "pending_secret", "recovery_codes");

  @FuzzTest(maxDuration = "30s")
  @DictionaryEntries({
    "account_id=",
    "version=",
    "secret=",
    "confirmed_at=",
    "last_step=",
    "last_used_at=",
    "drift=",
    "pending_secret=",
    "pending_expires_at=",
    "failures=",
    "retry_after=",
    "recovery_codes=",
    "plain:",
    "aes-gcm:",
    "pbkdf2-sha256:",
    "2026-01-01T00:00:00Z"
  })
  void fromMap_readsWhatToMapWritesAndShowsNoSecret(byte[] input) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String line : FuzzInput.text(input).split("\n", -1)) {
      int equals = line.indexOf('=');
      if (equals < 0) {
        map.put(line, null);
      } else {
        map.put(line.substring(0, equals), line.substring(equals + 1));
      }
    }
    CredentialRecord record;
    try {
      record = CredentialRecord.fromMap(map);
    } catch (InvalidCredentialRecordException e) {
      String message = String.valueOf(e.getMessage());
      for (String key : HIDDEN) {
        String value = map.get(key);
        if (value != null
            && value.length() >= 8
            && !elsewhere(map, key, value)
            && !messageShowsWithAnotherValue(map, key, value)) {
          assertFalse(message.contains(value), message);
        }
      }
      return;
    }
    assertEquals(record, CredentialRecord.fromMap(record.toMap()));
    assertEquals(record.toMap(), CredentialRecord.fromMap(record.toMap()).toMap());
    String text = record.toString();
    for (String key : HIDDEN) {
      String value = map.get(key);
      if (value != null && value.length() >= 8 && !elsewhere(map, key, value)) {
        assertFalse(text.contains(value), text);
      }
    }
  }

  /**
   * Whether the message still contains the value when the key holds another value of the same
   * length: then it is the message's own text (a secret {@code 00:00:00Z} is part of the example
   * instant {@code 2026-01-01T00:00:00Z} that a message about a malformed date gives).
   */
  private static boolean messageShowsWithAnotherValue(
      Map<String, String> map, String key, String value) {
    Map<String, String> other = new LinkedHashMap<>(map);
    other.put(key, "\u2603".repeat(value.length()));
    try {
      CredentialRecord.fromMap(other);
      return false;
    } catch (InvalidCredentialRecordException e) {
      return String.valueOf(e.getMessage()).contains(value);
    }
  }

  /** Whether the value is part of another key or value of the map, which a message may show. */
  private static boolean elsewhere(Map<String, String> map, String key, String value) {
    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (entry.getKey().contains(value)
          || (!entry.getKey().equals(key)
              && entry.getValue() != null
              && entry.getValue().contains(value))) {
        return true;
      }
    }
    return false;
  }
}
