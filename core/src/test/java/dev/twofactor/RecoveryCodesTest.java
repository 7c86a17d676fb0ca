package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RecoveryCodesTest {
  @Test
  void codes_areACopyThatCannotBeChanged() {
    List<String> source = new ArrayList<>(List.of("7kq2-m9xa-b3rt", "0000-1111-2222"));
    RecoveryCodes codes = new RecoveryCodes(source);
    source.clear();
    assertEquals(List.of("7kq2-m9xa-b3rt", "0000-1111-2222"), codes.codes());
    assertThrows(UnsupportedOperationException.class, () -> codes.codes().add("x"));
  }

  @Test
  void toString_countsTheCodesWithoutShowingThem() {
    assertEquals(
        "RecoveryCodes[2 codes]",
        new RecoveryCodes(List.of("7kq2-m9xa-b3rt", "0000-1111-2222")).toString());
  }
}
