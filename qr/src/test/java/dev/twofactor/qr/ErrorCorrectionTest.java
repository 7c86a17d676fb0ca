package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.ResultMetadataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

final class ErrorCorrectionTest {
  @ParameterizedTest
  @EnumSource(ErrorCorrection.class)
  void level_isWhatTheReaderReports(ErrorCorrection level) {
    QrCode qr = QrCode.of(Uris.TYPICAL, level);

    var result = Scan.modules(Scan.modulesOf(qr), 3);

    assertEquals(Uris.TYPICAL, result.getText());
    assertEquals(
        level.name(), result.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL));
  }

  @Test
  void higherLevels_needLargerCodesForTheSameText() {
    int previous = 0;
    for (ErrorCorrection level : ErrorCorrection.values()) {
      int version = QrCode.of(Uris.TYPICAL, level).version();
      assertTrue(version >= previous, level + ": " + version + " < " + previous);
      previous = version;
    }
    assertTrue(
        QrCode.of(Uris.TYPICAL, ErrorCorrection.H).version()
            > QrCode.of(Uris.TYPICAL, ErrorCorrection.L).version());
  }
}
