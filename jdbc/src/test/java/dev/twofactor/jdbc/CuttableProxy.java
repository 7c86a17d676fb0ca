package dev.twofactor.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on the loopback interface between the tests and PostgreSQL that can play a database
 * that stops: {@link #cut()} closes every connection at once and refuses new ones until {@link
 * #restore()}; {@link #cutAtReplyTo(String)} does so mid-conversation, dropping the database's
 * reply to a statement it ran, so that the client never learns what became of it. For that the
 * statement's text must travel with each execution: connect with {@code prepareThreshold=0}.
 */
final class CuttableProxy implements AutoCloseable {
  private static final Pattern HOST_PORT =
      Pattern.compile("^jdbc:postgresql://([^/:?]+)(?::(\\d+))?/");

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicReference<byte @Nullable []> cutAtReplyTo = new AtomicReference<>();
  private final AtomicInteger cuts = new AtomicInteger();
  private volatile boolean down;
  private final Thread acceptor;

  /** Starts a proxy to the database of a PostgreSQL JDBC URL. */
  CuttableProxy(String jdbcUrl) throws IOException {
    Matcher m = HOST_PORT.matcher(jdbcUrl);
    if (!m.find()) {
      throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/ URL");
    }
    this.targetHost = m.group(1);
    this.targetPort = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "proxy-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Returns the JDBC URL with the proxy in place of the database's host and port. */
  String jdbcUrl(String jdbcUrl) {
    String url =
        HOST_PORT
            .matcher(jdbcUrl)
            .replaceFirst("jdbc:postgresql://127.0.0.1:" + server.getLocalPort() + "/");
    return url + (url.contains("?") ? "&" : "?") + "prepareThreshold=0";
  }

  /** Closes every connection and refuses new ones: the database is gone. */
  void cut() {
    down = true;
    cuts.incrementAndGet();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  /** Lets connections through again: the database is back. */
  void restore() {
    down = false;
  }

  boolean isDown() {
    return down;
  }

  int cuts() {
    return cuts.get();
  }

  /**
   * Cuts when the database replies to the next statement that starts with the given text: the
   * database has run it (and, in auto-commit mode, committed it), and the reply is dropped.
   */
  void cutAtReplyTo(String statementStart) {
    cutAtReplyTo.set(statementStart.getBytes(StandardCharsets.US_ASCII));
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (down) {
        closeQuietly(client);
        continue;
      }
      try {
        Socket db = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(db);
        AtomicBoolean dropNextReply = new AtomicBoolean();
        pump(client, db, dropNextReply, false);
        pump(db, client, dropNextReply, true);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to, AtomicBoolean dropNextReply, boolean serverReplies) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (serverReplies && dropNextReply.get()) {
                    cut();
                    return;
                  }
                  byte[] marker = cutAtReplyTo.get();
                  if (!serverReplies
                      && marker != null
                      && contains(buffer, n, marker)
                      && cutAtReplyTo.compareAndSet(marker, null)) {
                    dropNextReply.set(true);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // the other side is gone, or the proxy cut it
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static boolean contains(byte[] buffer, int length, byte[] marker) {
    outer:
    for (int i = 0; i + marker.length <= length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (buffer[i + j] != marker[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing is all that is wanted
    }
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      cut();
    }
  }
}
