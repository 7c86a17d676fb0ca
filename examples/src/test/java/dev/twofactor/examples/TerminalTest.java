package dev.twofactor.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

final class TerminalTest {
  /** Stands in for a JDK 22+ console, whose isTerminal() says whether the streams are a tty. */
  static final class FakeConsole {
    private final boolean terminal;

    FakeConsole(boolean terminal) {
      this.terminal = terminal;
    }

    public boolean isTerminal() {
      return terminal;
    }

    public boolean failing() {
      throw new IllegalStateException("no terminal to ask");
    }
  }

  private static Method method(String name) throws NoSuchMethodException {
    return FakeConsole.class.getMethod(name);
  }

  @Test
  void isTerminal_noConsole_isNotATerminal() throws NoSuchMethodException {
    assertFalse(Terminal.isTerminal(null, null));
    assertFalse(Terminal.isTerminal(null, method("isTerminal")));
  }

  @Test
  void isTerminal_consoleWithoutIsTerminal_isATerminal() {
    // JDK 17 to 21: System.console() is null unless stdin and stdout are both a terminal.
    assertTrue(Terminal.isTerminal(new FakeConsole(false), null));
  }

  @Test
  void isTerminal_consoleWithIsTerminal_asksIt() throws NoSuchMethodException {
    // JDK 22 and later: a console exists even when the streams are redirected.
    assertTrue(Terminal.isTerminal(new FakeConsole(true), method("isTerminal")));
    assertFalse(Terminal.isTerminal(new FakeConsole(false), method("isTerminal")));
  }

  @Test
  void isTerminal_isTerminalFails_isNotATerminal() throws NoSuchMethodException {
    assertFalse(Terminal.isTerminal(new FakeConsole(true), method("failing")));
  }

  @Test
  void isTerminalMethod_existsFromJdk22On() {
    if (Runtime.version().feature() >= 22) {
      Method method = Terminal.isTerminalMethod();
      assertNotNull(method);
      assertEquals(boolean.class, method.getReturnType());
    } else {
      assertNull(Terminal.isTerminalMethod());
    }
  }

  @Test
  void isTerminal_underSurefire_isNotATerminal() {
    // The forked test JVM reads no terminal: on JDK 17 System.console() is null, on JDK 22 and
    // later it is a console whose isTerminal() is false. Either way the demo would simulate.
    assertFalse(Terminal.isTerminal(System.console()));
  }
}
