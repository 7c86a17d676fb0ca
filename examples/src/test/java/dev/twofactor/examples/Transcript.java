package dev.twofactor.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a transcript of the demo line by line, in order, as a person reads the screen. */
final class Transcript {
  private final String text;
  private final List<String> lines;
  private int next;

  Transcript(String text) {
    this.text = text;
    this.lines = text.lines().toList();
  }

  /** Returns the next line that contains the fragment, and moves past it. */
  String expect(String fragment) {
    for (int i = next; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        next = i + 1;
        return lines.get(i);
      }
    }
    return fail("no line containing <" + fragment + "> after line " + next + " of:\n" + text);
  }

  /** Returns the first group of the next line that matches the pattern, and moves past it. */
  String expectMatch(Pattern pattern) {
    for (int i = next; i < lines.size(); i++) {
      Matcher m = pattern.matcher(lines.get(i));
      if (m.find()) {
        next = i + 1;
        return m.group(1);
      }
    }
    return fail("no line matching <" + pattern + "> after line " + next + " of:\n" + text);
  }

  /** Returns the line right after the last one found, and moves past it. */
  String nextLine() {
    if (next >= lines.size()) {
      return fail("no line after line " + next + " of:\n" + text);
    }
    return lines.get(next++);
  }

  /**
   * Returns the next line, a warning ({@code " ! "}), with the lines it was wrapped into joined
   * again, and moves past it. Each of those lines fits the demo's width of 78 columns.
   */
  String warning() {
    String line = nextLine();
    assertTrue(line.startsWith("  ! "), "not a warning: <" + line + "> in:\n" + text);
    StringBuilder warning = new StringBuilder(line.substring(4));
    List<String> wrapped = new ArrayList<>(List.of(line));
    while (next < lines.size()
        && lines.get(next).startsWith("    ")
        && !lines.get(next).startsWith("    ->")) {
      wrapped.add(lines.get(next));
      warning.append(' ').append(lines.get(next++).strip());
    }
    for (String part : wrapped) {
      assertTrue(part.length() <= 78, "longer than 78 columns: <" + part + ">");
    }
    return warning.toString();
  }

  /** Returns how often a text occurs in the whole transcript. */
  int count(String fragment) {
    int count = 0;
    for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
      count++;
    }
    return count;
  }

  String text() {
    return text;
  }
}
