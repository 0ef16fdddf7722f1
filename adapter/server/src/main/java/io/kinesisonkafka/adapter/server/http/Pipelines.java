package io.kinesisonkafka.adapter.server.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * How a connection's pipeline is built. Plain port: [request timer] → [write timeout] → [idle] →
 * {@link PrefaceDetector}. TLS port: the same three → TLS → {@link TlsProtocolSelector} (→ {@link
 * PrefaceDetector} without ALPN). Then either HTTP/1.1 (codec → keep-alive → 100-continue →
 * aggregator → {@link Http1Handler}) or HTTP/2 (frame codec → multiplexer with [write timeout] →
 * {@link Http2StreamHandler} per stream → {@link Http2ConnectionTail}).
 */
final class Pipelines {
  /**
   * SETTINGS_INITIAL_WINDOW_SIZE: what a client may send on one stream before the server's
   * WINDOW_UPDATE. The stream returns window as it reads, so this only needs to cover a few round
   * trips of a 10 MiB body.
   */
  static final int STREAM_WINDOW = 1 << 20;

  /** The connection's receive window (the protocol's default is 64 KiB, far too small). */
  static final int CONNECTION_WINDOW = 16 << 20;

  private static final long H2_CLOSE_GRACE_MILLIS = 1000;

  private final HttpServerConfig config;
  private final Dispatcher dispatcher;
  private final InFlight inFlight;
  private final ChannelGroup connections;
  private final SslContext sslContext;

  Pipelines(
      HttpServerConfig config,
      Dispatcher dispatcher,
      InFlight inFlight,
      ChannelGroup connections,
      SslContext sslContext) {
    this.config = config;
    this.dispatcher = dispatcher;
    this.inFlight = inFlight;
    this.connections = connections;
    this.sslContext = sslContext;
  }

  ChannelInitializer<Channel> plain() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        common(ch);
        ch.pipeline().addLast("preface", new PrefaceDetector(Pipelines.this, false));
      }
    };
  }

  ChannelInitializer<Channel> tls() {
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel ch) {
        common(ch);
        ch.pipeline().addLast("tls", sslContext.newHandler(ch.alloc()));
        ch.pipeline().addLast("alpn", new TlsProtocolSelector(Pipelines.this));
      }
    };
  }

  private void common(Channel ch) {
    connections.add(ch);
    if (config.requestTimeout().toNanos() > 0) {
      ch.pipeline().addLast("request-timer", new RequestTimer(config.requestTimeout()));
    }
    if (config.writeTimeout().toNanos() > 0) {
      ch.pipeline().addLast("write-timeout", writeTimeout());
    }
    long idle = config.idleTimeout().toMillis();
    if (idle > 0) {
      ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
    }
  }

  /**
   * A response write the client does not take within the write timeout closes the channel: the
   * connection, or for HTTP/2 the stream (an HTTP/2 write completes only once the stream's
   * flow-control window let it out). So a client that stopped reading, a SubscribeToShard reader
   * that stopped returning window, or one that opened many streams and reads none, holds its
   * stream, its buffered answers and whatever feeds them for that long at most.
   */
  private WriteTimeout writeTimeout() {
    return new WriteTimeout(config.writeTimeout());
  }

  void http1(ChannelPipeline p, boolean tls) {
    int max = config.maxRequestBodyBytes();
    HttpDecoderConfig decoding =
        new HttpDecoderConfig().setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(64 * 1024);
    p.addLast("h1-codec", new HttpServerCodec(decoding));
    p.addLast("h1-keep-alive", new HttpServerKeepAliveHandler());
    p.addLast("h1-expect", new Http1Limits.ExpectContinue(max));
    p.addLast("h1-aggregate", new Http1Limits.Aggregator(max));
    p.addLast("h1-handler", new Http1Handler(dispatcher, inFlight, tls));
  }

  void http2(ChannelPipeline p, boolean tls) {
    RequestTimer connectionTimer = p.get(RequestTimer.class);
    if (connectionTimer != null) {
      connectionTimer.stop(); // each stream times its own request
    }
    int max = config.maxRequestBodyBytes();
    Http2Settings settings =
        Http2Settings.defaultSettings()
            .maxConcurrentStreams(config.maxConcurrentStreams())
            .initialWindowSize(STREAM_WINDOW)
            .maxHeaderListSize(64 * 1024);
    Http2FrameCodec codec =
        Http2FrameCodecBuilder.forServer()
            .initialSettings(settings)
            // close() sends GOAWAY and waits this long for open streams; the server's own close
            // has drained them before.
            .gracefulShutdownTimeoutMillis(H2_CLOSE_GRACE_MILLIS)
            .build();
    p.addLast("h2-codec", codec);
    p.addLast(
        "h2-streams",
        new Http2MultiplexHandler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel ch) {
                if (config.writeTimeout().toNanos() > 0) {
                  ch.pipeline().addLast(writeTimeout());
                }
                ch.pipeline()
                    .addLast(
                        new Http2StreamHandler(
                            dispatcher, inFlight, tls, max, config.requestTimeout()));
              }
            }));
    p.addLast("h2-connection", new Http2ConnectionTail(codec));
    try {
      codec
          .connection()
          .local()
          .flowController()
          .incrementWindowSize(
              codec.connection().connectionStream(),
              CONNECTION_WINDOW - Http2CodecUtil.DEFAULT_WINDOW_SIZE);
    } catch (Http2Exception e) {
      throw new IllegalStateException("Cannot widen the HTTP/2 connection window", e);
    }
  }
}
