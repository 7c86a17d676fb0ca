package dev.twofactor.examples.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the help desk in a JVM of its own, as {@code ./demo --web} does, and reads what it prints.
 */
final class HelpDeskProcessTest {
  @Test
  void main_printsTheAddressAndTheAccounts_servesTheSignInPage_andStopsWhenTold(@TempDir Path data)
      throws IOException, InterruptedException {
    int port = freePort();
    Process helpDesk = start("--port", String.valueOf(port), "--data", data.toString());
    List<String> printed = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(helpDesk.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        printed.add(line);
        if (line.equals("Stop it with Ctrl+C.")) {
          break;
        }
      }
      assertEquals(
          List.of(
              "Starting the ACME Help Desk...",
              "",
              "The ACME Help Desk is running at http://localhost:" + port + "/",
              "",
              "  user   password  role           two-factor",
              "  agent  agent     agent          none",
              "  bob    bob       agent          none",
              "  admin  admin     administrator  none",
              "",
              "Data:        "
                  + data.toAbsolutePath()
                  + " (an H2 database; delete the directory to start afresh)",
              "Sealer key:  "
                  + data.toAbsolutePath().resolve("sealer-key.properties")
                  + ", made on first start.",
              "             A real deployment takes its keys from its secret store instead.",
              "Stop it with Ctrl+C."),
          printed);
      HttpResponse<String> login =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, login.statusCode());
      assertTrue(login.body().contains("<title>Sign in – ACME Help Desk</title>"), login.body());
    } finally {
      helpDesk.destroy();
    }
    assertTrue(helpDesk.waitFor(60, TimeUnit.SECONDS));
    assertEquals(128 + 15, helpDesk.exitValue(), "stopped by SIGTERM, after Spring's hooks");
  }

  @Test
  void main_withAnUnknownOption_printsTheProblemAndTheUsage()
      throws IOException, InterruptedException {
    Process helpDesk = start("--simulate");
    String out = new String(helpDesk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(helpDesk.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(helpDesk.waitFor(60, TimeUnit.SECONDS));
    assertEquals(2, helpDesk.exitValue());
    assertEquals("", out);
    assertEquals("unknown option: --simulate\n" + Options.USAGE, err);
  }

  @Test
  void main_withHelp_printsTheUsage() throws IOException, InterruptedException {
    Process helpDesk = start("--help");
    String out = new String(helpDesk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(helpDesk.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, helpDesk.exitValue());
    assertEquals(Options.USAGE, out);
  }

  private static Process start(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(HelpDesk.class.getName());
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
