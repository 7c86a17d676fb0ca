package dev.twofactor.examples;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/** Tells whether the demo talks to a person at a terminal, on JDK 17 as on JDK 22 and later. */
final class Terminal {
  private Terminal() {}

  /**
   * Tells whether standard input and output are a terminal.
   *
   * @param console {@link System#console()}
   * @return whether a person can type codes at prompts
   */
  static boolean isTerminal(@Nullable Console console) {
    return isTerminal(console, isTerminalMethod());
  }

  /**
   * Returns {@code Console.isTerminal()}, which exists from JDK 22 on.
   *
   * @return the method, or {@code null} on JDK 17 to 21
   */
  static @Nullable Method isTerminalMethod() {
    try {
      return Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /**
   * Decides from a console and its {@code isTerminal()} method, if the JDK has one.
   *
   * <p>Up to JDK 21 {@link System#console()} is {@code null} unless both standard input and
   * standard output are a terminal, so a console is a terminal. From JDK 22 on it returns a console
   * even when they are redirected, and only its {@code isTerminal()} tells (the program is compiled
   * for Java 17, hence the reflection). If that method cannot be called, the answer is no: the demo
   * then simulates, which never waits for input that cannot come.
   *
   * @param console the console, or {@code null}
   * @param isTerminal the console's {@code isTerminal()} method, or {@code null} if the JDK has
   *     none
   * @return whether a person can type codes at prompts
   */
  static boolean isTerminal(@Nullable Object console, @Nullable Method isTerminal) {
    if (console == null) {
      return false;
    }
    if (isTerminal == null) {
      return true;
    }
    try {
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (IllegalAccessException | InvocationTargetException | IllegalArgumentException e) {
      return false;
    }
  }
}
