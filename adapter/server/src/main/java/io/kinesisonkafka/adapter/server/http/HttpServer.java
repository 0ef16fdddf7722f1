package io.kinesisonkafka.adapter.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the Kinesis API: a cleartext port and a TLS port, each speaking HTTP/1.1 with
 * keep-alive and HTTP/2, so that unmodified AWS SDKs, the AWS CLI, the KCL and the KPL can talk to
 * it. On the cleartext port HTTP/2 is h2c with prior knowledge; on the TLS port it is ALPN "h2" or
 * a bare HTTP/2 preface after a handshake without ALPN (the Java SDK's default). Every request
 * except {@code GET /health}, {@code /ready} and {@code /metrics} (see {@link Endpoints}) goes,
 * fully read, to the {@link ApiHandler}.
 *
 * <p>Threads: Netty event loops named {@code kinesis-http-io-*} (one acceptor thread {@code
 * kinesis-http-accept-*}); the handler is called on them and must not block. They are not daemon
 * threads: a started server keeps the JVM alive until closed.
 *
 * <p>Limits: request bodies up to {@link HttpServerConfig#maxRequestBodyBytes()} (413 beyond); per
 * HTTP/2 connection at most {@link HttpServerConfig#maxConcurrentStreams()} streams. Requests are
 * held whole in memory, so a connection can hold at most that many bodies (HTTP/1.1: one, plus what
 * one socket read brought in).
 *
 * <p>{@link #close()} is graceful: it stops accepting, tells connections to drain (GOAWAY,
 * "Connection: close"), waits up to {@link HttpServerConfig#shutdownTimeout()} for requests in
 * flight to be answered, ends the streaming responses still open (so clients see a clean end of
 * stream), closes the connections and stops the event loops. Call it from a thread that is not an
 * event loop.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
  private static final Duration END_FLUSH = Duration.ofSeconds(1);

  private final HttpServerConfig config;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final ChannelGroup connections;
  private final InFlight inFlight;
  private final List<Channel> listeners = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private int plainPort = HttpServerConfig.OFF;
  private int tlsPort = HttpServerConfig.OFF;

  private HttpServer(HttpServerConfig config, Transport transport) {
    this.config = config;
    this.acceptor = transport.newGroup(1, new DefaultThreadFactory("kinesis-http-accept"));
    this.workers =
        transport.newGroup(config.eventLoopThreads(), new DefaultThreadFactory("kinesis-http-io"));
    this.connections = new DefaultChannelGroup("kinesis-http", GlobalEventExecutor.INSTANCE);
    this.inFlight = new InFlight();
  }

  /**
   * Binds the configured ports and serves until {@link #close()}.
   *
   * @throws IllegalStateException when a port cannot be bound
   * @throws UncheckedIOException when the configured certificate or key cannot be read
   */
  public static HttpServer start(HttpServerConfig config, ApiHandler handler, Endpoints endpoints) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(endpoints, "endpoints");
    SslContext ssl = null;
    if (config.tlsPort() != HttpServerConfig.OFF) {
      try {
        ssl = ServerTls.sslContext(config);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot set up TLS", e);
      }
    }
    Transport transport = Transport.best();
    HttpServer server = new HttpServer(config, transport);
    try {
      server.bind(transport, new Dispatcher(handler, endpoints), ssl);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    log.info(
        "HTTP server on {}: plain port {}, TLS port {} ({}{})",
        config.host(),
        server.plainPort,
        server.tlsPort,
        transport.name,
        config.selfSigned() ? ", self-signed certificate" : "");
    return server;
  }

  private void bind(Transport transport, Dispatcher dispatcher, SslContext ssl) {
    Pipelines pipelines = new Pipelines(config, dispatcher, inFlight, connections, ssl);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptor, workers)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.SO_KEEPALIVE, true);
    if (config.plainPort() != HttpServerConfig.OFF) {
      plainPort = listen(bootstrap, config.plainPort(), pipelines.plain());
    }
    if (config.tlsPort() != HttpServerConfig.OFF) {
      tlsPort = listen(bootstrap, config.tlsPort(), pipelines.tls());
    }
  }

  private int listen(ServerBootstrap bootstrap, int port, ChannelInitializer<Channel> init) {
    ChannelFuture bound =
        bootstrap.clone().childHandler(init).bind(config.host(), port).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "Cannot listen on " + config.host() + ":" + port, bound.cause());
    }
    listeners.add(bound.channel());
    return ((InetSocketAddress) bound.channel().localAddress()).getPort();
  }

  /** The bound cleartext port (the actual one when configured as 0), or -1 when off. */
  public int plainPort() {
    return plainPort;
  }

  /** The bound TLS port (the actual one when configured as 0), or -1 when off. */
  public int tlsPort() {
    return tlsPort;
  }

  public HttpServerConfig config() {
    return config;
  }

  /** Graceful shutdown as described on the class; idempotent; blocks until done. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Channel listener : listeners) {
      listener.close().awaitUninterruptibly();
    }
    for (Channel connection : connections) {
      connection.pipeline().fireUserEventTriggered(ConnectionEvents.DRAIN);
    }
    if (!inFlight.awaitRequests(config.shutdownTimeout())) {
      log.warn(
          "{} requests still unanswered after {}; closing their connections",
          inFlight.requests(),
          config.shutdownTimeout());
    }
    List<ChannelFuture> ends = new ArrayList<>();
    for (ChannelStreamingResponse stream : inFlight.openStreams()) {
      ChannelFuture end = stream.endAndFlush();
      if (end != null) {
        ends.add(end);
      }
    }
    long deadline = System.nanoTime() + END_FLUSH.toNanos();
    for (ChannelFuture end : ends) {
      end.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    acceptor.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    log.info("HTTP server closed");
  }
}
