package io.kinesisonkafka.embedded.internals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free TCP ports on the loopback address.
 *
 * <p>Why all at once: the sockets stay bound until every port is chosen, so one call never returns
 * the same port twice. Another process may still take a port between this call and the broker
 * binding it; that shows up as a start failure naming the address in use.
 */
public final class FreePorts {

  private FreePorts() {}

  /**
   * Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago.
   *
   * @throws UncheckedIOException if the operating system refuses a socket
   */
  public static List<Integer> allocate(int count) {
    List<ServerSocket> sockets = new ArrayList<>(count);
    try {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, loopback);
        socket.setReuseAddress(true);
        sockets.add(socket);
      }
      List<Integer> ports = new ArrayList<>(count);
      for (ServerSocket socket : sockets) {
        ports.add(socket.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find free ports on the loopback address", e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a listening socket that accepted nothing cannot lose data.
        }
      }
    }
  }
}
