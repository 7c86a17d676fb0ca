package dev.twofactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twofactor.Verification.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the examples of README.md and checks that README.md shows them exactly as they are here.
 *
 * <p>Each example sits between {@code // README <name>} and {@code // END README} comments in a
 * test method of any module; the test fails if the README's Java block for it differs by a
 * character, or if the README shows Java code that no test runs.
 */
final class ReadmeTest {
  private static final Path README = Path.of("../README.md");

  @Test
  void primitivesExample_runs() {
    // README primitives
    Secret secret = Secret.generate(); // 160 random bits, stored per user
    String manualKey = secret.toGroupedBase32(); // "JBSW Y3DP …", to type into an app
    Totp totp = Totp.defaults(); // SHA1, 6 digits, 30 s, ±1 step

    String code = totp.generate(secret, Instant.now()); // what the phone shows now
    long lastUsedStep = -1; // stored per user with the secret
    Verification v = totp.verify(secret, code, Instant.now(), lastUsedStep);
    if (v.isAccepted()) {
      lastUsedStep = v.step(); // store it: a code is accepted once
    }
    Verification again = totp.verify(secret, code, Instant.now(), lastUsedStep);
    // END README

    assertEquals(39, manualKey.length());
    assertTrue(v.isAccepted());
    assertEquals(Reason.REPLAYED, again.reason());
  }

  @Test
  void uriExample_runs() {
    Secret secret = Secret.fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    // README uri
    OtpAuthUri uri = OtpAuthUri.totp(secret).issuer("ACME Co").account("alice@example.com").build();
    String qrText = uri.toUriString(); // holds the secret: show it to its user only
    OtpAuthUri read = OtpAuthUri.parse(qrText); // InvalidOtpAuthUriException names reason and index
    for (OtpAuthUri.Warning warning : read.warnings()) { // what the lenient reader tolerated, typed
      System.out.println(warning.kind() + " at index " + warning.index()); // PLUS_AS_SPACE…
    }

    for (AppCompatibility.Finding finding : AppCompatibility.of(uri).findings()) {
      if (finding.effect().isKnownProblem()) {
        System.out.println(finding.message()); // advice: apps that would show wrong codes
      }
    }
    // END README

    assertEquals(
        "otpauth://totp/ACME%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
            + "&issuer=ACME%20Co",
        qrText);
    assertEquals(uri, read);
    assertTrue(read.warnings().isEmpty());
    assertTrue(AppCompatibility.of(uri).appsWithKnownProblems().isEmpty());
  }

  /**
   * Every example marked in any module's tests appears in README.md verbatim, and every Java block
   * of README.md is such an example: the README shows no code that no test compiles and runs.
   */
  @Test
  void readme_showsExactlyTheExamplesThatTestsRun() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Map<String, String> examples = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of(".."))) {
      for (Path file : files.filter(ReadmeTest::isTestSource).toList()) {
        for (String example : examples(Files.readAllLines(file, StandardCharsets.UTF_8))) {
          examples.put(example, file.toString());
        }
      }
    }
    assertTrue(examples.size() >= 3, "examples found: " + examples.values());
    for (Map.Entry<String, String> example : examples.entrySet()) {
      assertTrue(
          readme.contains("```java\n" + example.getKey() + "```\n"),
          "README.md must contain the example of "
              + example.getValue()
              + " verbatim:\n"
              + example.getKey());
    }
    Matcher block = Pattern.compile("```java\n(.*?)```\n", Pattern.DOTALL).matcher(readme);
    while (block.find()) {
      assertTrue(
          examples.containsKey(block.group(1)),
          "README.md shows Java code that no test runs:\n" + block.group(1));
    }
  }

  private static boolean isTestSource(Path file) {
    String name = file.toString().replace('\\', '/');
    return name.endsWith(".java") && name.contains("/src/test/java/") && !name.contains("/target/");
  }

  /** Extracts the marked examples, removing the indentation of the marker line. */
  static List<String> examples(List<String> lines) {
    List<String> examples = new ArrayList<>();
    StringBuilder current = null;
    int indent = 0;
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("// README ")) {
        current = new StringBuilder();
        indent = line.indexOf('/');
      } else if (trimmed.equals("// END README") && current != null) {
        examples.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line.length() > indent ? line.substring(indent) : line.strip()).append('\n');
      }
    }
    return examples;
  }
}
