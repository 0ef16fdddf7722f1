package io.kinesisonkafka.adapter.server.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Native epoll where Netty's native library loads (Linux), NIO elsewhere.
 *
 * <p>Why reflection: the epoll transport is a runtime-only dependency (its jar carries a native
 * library per platform), so this module compiles against the NIO classes alone.
 */
final class Transport {
  private static final Logger log = LoggerFactory.getLogger(Transport.class);

  final String name;
  private final Class<? extends ServerChannel> serverChannel;
  private final Class<? extends EventLoopGroup> group;

  private Transport(
      String name,
      Class<? extends ServerChannel> serverChannel,
      Class<? extends EventLoopGroup> group) {
    this.name = name;
    this.serverChannel = serverChannel;
    this.group = group;
  }

  static Transport best() {
    try {
      Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll");
      if ((Boolean) epoll.getMethod("isAvailable").invoke(null)) {
        return new Transport(
            "epoll",
            Class.forName("io.netty.channel.epoll.EpollServerSocketChannel")
                .asSubclass(ServerChannel.class),
            Class.forName("io.netty.channel.epoll.EpollEventLoopGroup")
                .asSubclass(EventLoopGroup.class));
      }
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      log.debug("Native epoll transport unavailable; using NIO", e);
    }
    return new Transport("nio", NioServerSocketChannel.class, NioEventLoopGroup.class);
  }

  Class<? extends ServerChannel> serverChannel() {
    return serverChannel;
  }

  EventLoopGroup newGroup(int threads, ThreadFactory threadFactory) {
    try {
      return group
          .getConstructor(int.class, ThreadFactory.class)
          .newInstance(threads, threadFactory);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot start the " + name + " event loops", e);
    }
  }
}
