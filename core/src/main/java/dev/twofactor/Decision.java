package dev.twofactor;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What an operation of {@link TwoFactor} decided about one record: what to store, what to answer
 * and what to report. A decision is computed from the record, the instant and the input alone;
 * {@link TwoFactor} stores it with one conditional write and decides again if the record changed.
 *
 * @param <T> the type of the answer
 */
final class Decision<T> {
  /** What to do with the stored record. */
  enum Write {
    /** Store nothing. */
    NONE,
    /** Store {@link #next}: insert it if there was no record, else replace the one read. */
    STORE,
    /** Delete the record. */
    DELETE
  }

  final Write write;
  final @Nullable CredentialRecord next;
  final T outcome;
  final List<TwoFactorEvent> events;

  private Decision(
      Write write, @Nullable CredentialRecord next, T outcome, List<TwoFactorEvent> events) {
    this.write = write;
    this.next = next;
    this.outcome = outcome;
    this.events = events;
  }

  /** Answers without storing anything. */
  static <T> Decision<T> answer(T outcome, TwoFactorEvent... events) {
    return new Decision<>(Write.NONE, null, outcome, List.of(events));
  }

  /** Stores {@code next} and answers once it is stored. */
  static <T> Decision<T> store(CredentialRecord next, T outcome, TwoFactorEvent... events) {
    return new Decision<>(Write.STORE, next, outcome, List.of(events));
  }

  /** Deletes the record and answers. */
  static <T> Decision<T> delete(T outcome, TwoFactorEvent... events) {
    return new Decision<>(Write.DELETE, null, outcome, List.of(events));
  }

  /** Returns the same decision with another answer. */
  <U> Decision<U> map(Function<? super T, ? extends U> f) {
    return new Decision<>(write, next, f.apply(outcome), events);
  }

  @Override
  public String toString() {
    return "Decision["
        + write
        + (next == null ? "" : " " + next)
        + ", "
        + outcome
        + ", "
        + events
        + "]";
  }
}
