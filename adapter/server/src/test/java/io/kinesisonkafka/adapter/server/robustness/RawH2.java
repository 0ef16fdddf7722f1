package io.kinesisonkafka.adapter.server.robustness;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 client (h2c with prior knowledge) that does only what it is told: it never returns
 * flow-control window (Netty's frame codec leaves that to the application), so with an initial
 * window of 0 it is a client that never reads. Records what came back per stream.
 */
final class RawH2 implements AutoCloseable {
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final Channel channel;
  private final Frames frames = new Frames();

  /** What the server sent on one stream, in order: "headers 200", "data 17", "reset 8". */
  final Map<Integer, List<String>> events = new ConcurrentHashMap<>();

  final List<String> connectionEvents = new CopyOnWriteArrayList<>();

  RawH2(int port, int initialWindow) throws InterruptedException {
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forClient()
                                .initialSettings(
                                    Http2Settings.defaultSettings()
                                        .initialWindowSize(initialWindow))
                                .build(),
                            frames);
                  }
                });
    ChannelFuture connected = b.connect("127.0.0.1", port).sync();
    channel = connected.channel();
  }

  /** Opens a stream with a POST of {@code body} to Kinesis_20131202.{@code operation}. */
  Http2FrameStream post(String operation, byte[] body, boolean endStream) {
    Http2FrameStream stream = frames.newStream();
    Http2Headers h =
        new DefaultHttp2Headers()
            .method("POST")
            .path("/")
            .scheme("http")
            .authority("localhost")
            .set("content-type", "application/x-amz-json-1.1")
            .set("x-amz-target", "Kinesis_20131202." + operation);
    channel.write(new DefaultHttp2HeadersFrame(h, false).stream(stream));
    channel
        .writeAndFlush(
            new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), endStream).stream(stream))
        .syncUninterruptibly();
    return stream;
  }

  /** Sends more of a stream's body. */
  void data(Http2FrameStream stream, byte[] bytes, boolean endStream) {
    channel
        .writeAndFlush(
            new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(bytes), endStream).stream(stream))
        .syncUninterruptibly();
  }

  List<String> events(Http2FrameStream stream) {
    return events.getOrDefault(stream.id(), List.of());
  }

  boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  private final class Frames extends Http2ChannelDuplexHandler {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2StreamFrame f && f.stream() != null) {
          String event =
              msg instanceof Http2HeadersFrame h
                  ? "headers " + h.headers().status()
                  : msg instanceof Http2DataFrame d
                      ? "data " + d.content().readableBytes()
                      : msg instanceof Http2ResetFrame r ? "reset " + r.errorCode() : null;
          if (event != null) {
            events.computeIfAbsent(f.stream().id(), id -> new CopyOnWriteArrayList<>()).add(event);
          }
        } else if (msg instanceof Http2GoAwayFrame g) {
          connectionEvents.add("goaway " + g.errorCode());
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      connectionEvents.add("closed");
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      connectionEvents.add("error " + cause);
    }
  }
}
