package io.kinesisonkafka.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

final class LocalPorts {
  private LocalPorts() {}

  /** A loopback port nothing listens on now. */
  static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
