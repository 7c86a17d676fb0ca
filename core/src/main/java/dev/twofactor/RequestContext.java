package dev.twofactor;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a request came from, as the host application saw it: the client's address and its user
 * agent. Passed with {@link TwoFactor#withContext(RequestContext)}; every event of the operation
 * carries it, so that an audit log says where a failure came from, and the throttle's back-off is
 * kept per client address.
 *
 * <p>Both values are the host's word, and the library cannot check them. Take the address from the
 * connection, or from a forwarding header only when a proxy you control sets it: an attacker who
 * can choose the address can spread guesses over many back-offs (the budgets of {@link
 * ThrottlePolicy} still hold, since they are per credential). Values longer than {@value
 * #MAX_LENGTH} characters are cut, and {@link #toString()} escapes control and bidirectional
 * characters, so that neither can forge a log line. Immutable.
 */
public final class RequestContext {
  /** The longest value kept. */
  public static final int MAX_LENGTH = 256;

  private static final RequestContext NONE = new RequestContext(null, null);

  private final @Nullable String clientAddress;
  private final @Nullable String userAgent;

  private RequestContext(@Nullable String clientAddress, @Nullable String userAgent) {
    this.clientAddress = clientAddress;
    this.userAgent = userAgent;
  }

  /**
   * Returns a context.
   *
   * @param clientAddress the client's address, for example {@code "203.0.113.7"}, or {@code null}
   * @param userAgent the user agent, or {@code null}
   * @return the context; values longer than {@value #MAX_LENGTH} characters are cut, empty ones
   *     count as absent
   */
  public static RequestContext of(@Nullable String clientAddress, @Nullable String userAgent) {
    String address = cut(clientAddress);
    String agent = cut(userAgent);
    return address == null && agent == null ? NONE : new RequestContext(address, agent);
  }

  /**
   * Returns the context of an operation whose origin the host did not say.
   *
   * @return the empty context
   */
  public static RequestContext none() {
    return NONE;
  }

  private static @Nullable String cut(@Nullable String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (value.length() <= MAX_LENGTH) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(MAX_LENGTH - 1)) ? MAX_LENGTH - 1 : MAX_LENGTH;
    return value.substring(0, end);
  }

  /**
   * Returns the client's address.
   *
   * @return the address, or empty if the host did not pass one
   */
  public Optional<String> clientAddress() {
    return Optional.ofNullable(clientAddress);
  }

  /**
   * Returns the user agent.
   *
   * @return the user agent, or empty if the host did not pass one
   */
  public Optional<String> userAgent() {
    return Optional.ofNullable(userAgent);
  }

  /** Returns the address or {@code null}, for the throttle. */
  @Nullable String address() {
    return clientAddress;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof RequestContext that
        && Objects.equals(clientAddress, that.clientAddress)
        && Objects.equals(userAgent, that.userAgent);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clientAddress, userAgent);
  }

  /**
   * Describes the context with every control and bidirectional character escaped.
   *
   * @return for example {@code "RequestContext[address \"203.0.113.7\", user agent \"Mozilla/5.0
   *     …\"]"} or {@code "RequestContext[none]"}
   */
  @Override
  public String toString() {
    if (clientAddress == null && userAgent == null) {
      return "RequestContext[none]";
    }
    StringBuilder s = new StringBuilder("RequestContext[");
    if (clientAddress != null) {
      s.append("address ").append(Ascii.quote(clientAddress));
    }
    if (userAgent != null) {
      s.append(clientAddress != null ? ", " : "")
          .append("user agent ")
          .append(Ascii.quote(userAgent));
    }
    return s.append(']').toString();
  }
}
