package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.format.DateTimeParseException;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class InvalidCredentialRecordExceptionTest {
  @Test
  void key_namesTheKeyAndTheCauseIsKept() {
    InvalidCredentialRecordException e =
        assertThrows(
            InvalidCredentialRecordException.class,
            () ->
                CredentialRecord.fromMap(
                    Map.of("account_id", "a", "version", "1", "last_used_at", "soon")));
    assertEquals("last_used_at", e.key());
    assertTrue(e.getCause() instanceof DateTimeParseException);
    IllegalArgumentException asCallerMistake = e;
    assertEquals(e.getMessage(), asCallerMistake.getMessage());
  }
}
