package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

final class CredentialRecordTest {
  private static final String SEALED = "plain:JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  private static final String PENDING = "plain:GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
  private static final String RECOVERY =
      "pbkdf2-sha256:1000:" + "A".repeat(22) + ":" + "B".repeat(43) + "," + "C".repeat(43);

  private static CredentialRecord full() {
    return CredentialRecord.builder("agent-42")
        .version(7)
        .secret(SEALED, Instant.parse("2026-01-01T00:00:20Z"))
        .lastStep(58_907_521)
        .lastUsedAt(Instant.parse("2026-01-01T00:00:50Z"))
        .drift(-1)
        .pendingSecret(PENDING, Instant.parse("2026-01-01T00:10:00Z"))
        .failures(4)
        .retryAfter(Instant.parse("2026-01-01T00:01:20.5Z"))
        .recoveryCodes(RECOVERY)
        .build();
  }

  private static Map<String, String> minimal() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put("account_id", "agent-42");
    map.put("version", "1");
    return map;
  }

  private static InvalidCredentialRecordException invalid(Map<String, String> map) {
    return assertThrows(
        InvalidCredentialRecordException.class, () -> CredentialRecord.fromMap(map));
  }

  @Test
  void toMap_writesTheDocumentedKeysInOrder() {
    assertEquals(
        List.of(
            "account_id=agent-42",
            "version=7",
            "secret=" + SEALED,
            "confirmed_at=2026-01-01T00:00:20Z",
            "last_step=58907521",
            "last_used_at=2026-01-01T00:00:50Z",
            "drift=-1",
            "pending_secret=" + PENDING,
            "pending_expires_at=2026-01-01T00:10:00Z",
            "failures=4",
            "retry_after=2026-01-01T00:01:20.500Z",
            "recovery_codes=" + RECOVERY),
        full().toMap().entrySet().stream().map(Object::toString).collect(Collectors.toList()));
  }

  @Test
  void toMap_leavesOutAbsentValues() {
    assertEquals(
        Map.of("account_id", "a", "version", "0", "last_step", "-1", "drift", "0", "failures", "0"),
        CredentialRecord.builder("a").build().toMap());
  }

  @Test
  void fromMap_readsWhatToMapWrote() {
    assertEquals(full(), CredentialRecord.fromMap(full().toMap()));
  }

  @Test
  void fromMap_defaultsAbsentValues() {
    CredentialRecord r = CredentialRecord.fromMap(minimal());
    assertEquals("agent-42", r.accountId());
    assertEquals(1, r.version());
    assertNull(r.secret());
    assertNull(r.confirmedAt());
    assertEquals(-1, r.lastStep());
    assertNull(r.lastUsedAt());
    assertEquals(0, r.drift());
    assertNull(r.pendingSecret());
    assertNull(r.pendingExpiresAt());
    assertEquals(0, r.failures());
    assertNull(r.retryAfter());
    assertNull(r.recoveryCodes());
  }

  @Test
  void fromMap_treatsNullValuesAsAbsent() {
    Map<String, String> map = new HashMap<>(minimal());
    map.put("secret", null);
    map.put("confirmed_at", null);
    assertEquals(CredentialRecord.fromMap(minimal()), CredentialRecord.fromMap(map));
  }

  @Seeded.Property
  @MethodSource("records")
  void fromMap_roundTripsEveryRecord(CredentialRecord record) {
    assertEquals(record, CredentialRecord.fromMap(record.toMap()));
    assertEquals(record.toMap(), CredentialRecord.fromMap(record.toMap()).toMap());
  }

  /**
   * Records with any account id of 1 to 255 characters, any version, last step, drift and failure
   * count, and each optional part (secret, pending secret, last use, retry time, recovery codes)
   * present half of the time.
   */
  static Stream<Arguments> records() {
    return Seeded.cases(
        300,
        random -> {
          CredentialRecord.Builder b =
              CredentialRecord.builder(Seeded.text(random, 1, 255))
                  .version(Seeded.between(random, 0L, Long.MAX_VALUE))
                  .lastStep(Seeded.between(random, -1L, Long.MAX_VALUE))
                  .drift(Seeded.between(random, -10, 10))
                  .failures(Seeded.between(random, 0, Integer.MAX_VALUE));
          if (random.nextBoolean()) {
            b.secret(Seeded.text(random, 1, 200), instant(random));
          }
          if (random.nextBoolean()) {
            b.pendingSecret(Seeded.text(random, 1, 200), instant(random));
          }
          if (random.nextBoolean()) {
            b.lastUsedAt(instant(random));
          }
          if (random.nextBoolean()) {
            b.retryAfter(instant(random));
          }
          if (random.nextBoolean()) {
            b.recoveryCodes(recoveryCodes(random));
          }
          return Arguments.of(b.build());
        });
  }

  private static Instant instant(SplittableRandom random) {
    return Instant.ofEpochSecond(
        Seeded.between(random, -100_000_000_000L, 100_000_000_000L),
        Seeded.between(random, 0, 999_999_999));
  }

  private static String recoveryCodes(SplittableRandom random) {
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    List<String> hashes = new ArrayList<>();
    for (int i = Seeded.between(random, 0, 12); i > 0; i--) {
      hashes.add(base64.encodeToString(Seeded.bytes(random, 32, 32)));
    }
    return "pbkdf2-sha256:"
        + Seeded.between(random, 1, 100_000_000)
        + ":"
        + base64.encodeToString(Seeded.bytes(random, 16, 64))
        + ":"
        + String.join(",", hashes);
  }

  @Test
  void fromMap_refusesUnknownAndNullKeys() {
    Map<String, String> map = minimal();
    map.put("secret_plain", "x");
    InvalidCredentialRecordException e = invalid(map);
    assertEquals("credential record: unknown key \"secret_plain\"", e.getMessage());
    assertEquals("secret_plain", e.key());

    Map<String, String> nullKey = new HashMap<>(minimal());
    nullKey.put(null, "x");
    InvalidCredentialRecordException n = invalid(nullKey);
    assertEquals("credential record: null key", n.getMessage());
    assertNull(n.key());
  }

  @Test
  void fromMap_refusesMissingRequiredKeys() {
    for (String key : List.of("account_id", "version")) {
      Map<String, String> map = minimal();
      map.remove(key);
      InvalidCredentialRecordException e = invalid(map);
      assertEquals("credential record: missing key \"" + key + "\"", e.getMessage());
      assertEquals(key, e.key());
    }
  }

  @Test
  void fromMap_refusesMalformedOrOutOfRangeValues() {
    Object[][] cases = {
      {"version", "-1", "must be between 0 and 9223372036854775807: -1"},
      {"version", "+5", "must be an ASCII decimal integer: \"+5\""},
      {"version", "9".repeat(20), "must be an ASCII decimal integer: \"" + "9".repeat(20) + "\""},
      {"version", "", "must be an ASCII decimal integer: \"\""},
      {"version", "-", "must be an ASCII decimal integer: \"-\""},
      {"failures", "١٢", "must be an ASCII decimal integer: \"١٢\""},
      {"failures", "-1", "must be between 0 and 2147483647: -1"},
      {"failures", "2147483648", "must be between 0 and 2147483647: 2147483648"},
      {"failures", " 1", "must be an ASCII decimal integer: \" 1\""},
      {"last_step", "-2", "must be between -1 and 9223372036854775807: -2"},
      {"drift", "11", "must be between -10 and 10: 11"},
      {"drift", "-11", "must be between -10 and 10: -11"},
      {
        "last_used_at",
        "yesterday",
        "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z: \"yesterday\""
      },
      {
        "retry_after",
        "2026-01-01 00:00:00",
        "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z: \"2026-01-01 00:00:00\""
      },
      {"account_id", "", "must not be empty"},
      {"account_id", "a".repeat(256), "must be at most 255 characters: 256"},
    };
    for (Object[] c : cases) {
      Map<String, String> map = minimal();
      map.put((String) c[0], (String) c[1]);
      InvalidCredentialRecordException e = invalid(map);
      assertEquals("credential record key \"" + c[0] + "\": " + c[2], e.getMessage());
      assertEquals(c[0], e.key());
    }
  }

  @Test
  void fromMap_refusesHalfOfAPairAndNamesTheMissingHalf() {
    String[][] pairs = {
      {"secret", SEALED, "confirmed_at"},
      {"confirmed_at", "2026-01-01T00:00:00Z", "secret"},
      {"pending_secret", SEALED, "pending_expires_at"},
      {"pending_expires_at", "2026-01-01T00:00:00Z", "pending_secret"},
    };
    for (String[] p : pairs) {
      Map<String, String> map = minimal();
      map.put(p[0], p[1]);
      InvalidCredentialRecordException e = invalid(map);
      assertEquals(
          "credential record: missing key \"" + p[2] + "\", required with \"" + p[0] + "\"",
          e.getMessage());
      assertEquals(p[2], e.key());
    }
  }

  @Test
  void fromMap_neverShowsSecretsOrHashesInItsErrors() {
    Object[][] cases = {
      {"secret", "", "credential record key \"secret\": must not be empty"},
      {"pending_secret", "", "credential record key \"pending_secret\": must not be empty"},
      {
        "recovery_codes",
        "sha1:" + RECOVERY,
        "credential record key \"recovery_codes\": must start with \"pbkdf2-sha256:\""
      },
      {
        "recovery_codes",
        "pbkdf2-sha256:1000:" + "A".repeat(22),
        "credential record key \"recovery_codes\": must be pbkdf2-sha256:<iterations>:<salt>:"
            + "<hashes>, with 4 parts separated by ':': 3 parts"
      },
      {
        "recovery_codes",
        "pbkdf2-sha256:0:" + "A".repeat(22) + ":",
        "credential record key \"recovery_codes\": iterations must be an ASCII decimal integer"
            + " between 1 and 100000000"
      },
      {
        "recovery_codes",
        "pbkdf2-sha256:1000:" + "A".repeat(20) + ":",
        "credential record key \"recovery_codes\": salt must be at least 16 bytes: 15"
      },
      {
        "recovery_codes",
        "pbkdf2-sha256:1000:" + "A".repeat(22) + ":" + "B".repeat(43) + ",B*",
        "credential record key \"recovery_codes\": hash 2 must be Base64"
      },
      {
        "recovery_codes",
        "pbkdf2-sha256:1000:" + "A".repeat(22) + ":" + "B".repeat(42),
        "credential record key \"recovery_codes\": hash 1 must be 32 bytes: 31"
      },
    };
    for (Object[] c : cases) {
      Map<String, String> map = minimal();
      map.put((String) c[0], (String) c[1]);
      InvalidCredentialRecordException e = invalid(map);
      assertEquals(c[2], e.getMessage());
      assertEquals(c[0], e.key());
    }
  }

  @Test
  void builder_checksEveryValue() {
    Object[][] cases = {
      {CredentialRecord.builder(""), "accountId must not be empty"},
      {CredentialRecord.builder("a".repeat(256)), "accountId must be at most 255 characters: 256"},
      {CredentialRecord.builder("a").version(-1), "version must not be negative: -1"},
      {CredentialRecord.builder("a").lastStep(-2), "lastStep must be -1 or more: -2"},
      {CredentialRecord.builder("a").drift(11), "drift must be between -10 and 10: 11"},
      {CredentialRecord.builder("a").failures(-1), "failures must not be negative: -1"},
      {
        CredentialRecord.builder("a").secret(SEALED, null),
        "secret and confirmedAt must be both set or both unset"
      },
      {
        CredentialRecord.builder("a").pendingSecret(null, Instant.EPOCH),
        "pendingSecret and pendingExpiresAt must be both set or both unset"
      },
      {
        CredentialRecord.builder("a").secret("", Instant.EPOCH), "a sealed secret must not be empty"
      },
      {CredentialRecord.builder("a").recoveryCodes("x"), "must start with \"pbkdf2-sha256:\""},
    };
    for (Object[] c : cases) {
      CredentialRecord.Builder b = (CredentialRecord.Builder) c[0];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
      assertEquals(c[1], e.getMessage());
    }
  }

  @Test
  void toString_showsNoSecretAndNoHash() {
    String text = full().toString();
    assertEquals(
        "CredentialRecord[account \"agent-42\", version 7, secret sealed, confirmed"
            + " 2026-01-01T00:00:20Z, last step 58907521, last used 2026-01-01T00:00:50Z, drift -1,"
            + " pending secret sealed, expires 2026-01-01T00:10:00Z, 4 failures, retry after"
            + " 2026-01-01T00:01:20.500Z, 2 recovery codes]",
        text);
    assertFalse(text.contains("JBSW"));
    assertFalse(text.contains("GEZD"));
    assertFalse(text.contains("BBBB"));
    assertEquals(
        "CredentialRecord[account \"a\", version 0, no secret, last step -1, drift 0, no pending"
            + " secret, 0 failures]",
        CredentialRecord.builder("a").build().toString());
  }

  @Test
  void equals_comparesEveryField() {
    CredentialRecord r = full();
    assertEquals(r, r.toBuilder().build());
    assertEquals(r.hashCode(), r.toBuilder().build().hashCode());
    List<CredentialRecord> changed =
        List.of(
            r.toBuilder().version(8).build(),
            r.toBuilder().secret("plain:X", r.confirmedAt()).build(),
            r.toBuilder().lastStep(1).build(),
            r.toBuilder().lastUsedAt(null).build(),
            r.toBuilder().drift(0).build(),
            r.toBuilder().pendingSecret(null, null).build(),
            r.toBuilder().failures(0).build(),
            r.toBuilder().retryAfter(null).build(),
            r.toBuilder().recoveryCodes(null).build());
    IntStream.range(0, changed.size())
        .forEach(i -> assertNotEquals(r, changed.get(i), "change " + i));
  }
}
