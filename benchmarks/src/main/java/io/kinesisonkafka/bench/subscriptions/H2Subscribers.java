package io.kinesisonkafka.bench.subscriptions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * SubscribeToShard over raw HTTP/2 (h2c, prior knowledge, JSON protocol), 500 streams per
 * connection. Not the AWS SDK's async client: it gives every subscription a 2 MiB event-stream
 * decoding buffer ({@code MessageDecoder}), 20 GB for 10,000 subscriptions; here each stream keeps
 * only the bytes of its unfinished message and decodes whole messages with {@link Message#decode}.
 */
final class H2Subscribers implements AutoCloseable {
  private static final int STREAMS_PER_CONNECTION = 500;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final EventLoopGroup group = new NioEventLoopGroup(2);
  private final List<Channel> connections = new ArrayList<>();

  static H2Subscribers open(String host, int port, List<String[]> pairs, Samples samples)
      throws Exception {
    H2Subscribers h2 = new H2Subscribers();
    CountDownLatch opened = new CountDownLatch(pairs.size());
    AtomicInteger failed = new AtomicInteger();
    Channel connection = null;
    for (int i = 0; i < pairs.size(); i++) {
      if (i % STREAMS_PER_CONNECTION == 0) {
        connection = h2.connect(host, port);
      }
      Http2StreamChannel stream =
          new Http2StreamChannelBootstrap(connection)
              .handler(new Subscription(samples, opened, failed))
              .open()
              .sync()
              .getNow();
      String body =
          "{\"ConsumerARN\":\""
              + pairs.get(i)[0]
              + "\",\"ShardId\":\""
              + pairs.get(i)[1]
              + "\",\"StartingPosition\":{\"Type\":\"LATEST\"}}";
      Http2Headers headers =
          new DefaultHttp2Headers()
              .method("POST")
              .scheme("http")
              .authority(host + ":" + port)
              .path("/")
              .add("content-type", "application/x-amz-json-1.1")
              .add("x-amz-target", "Kinesis_20131202.SubscribeToShard");
      stream.write(new DefaultHttp2HeadersFrame(headers));
      stream.writeAndFlush(
          new DefaultHttp2DataFrame(
              Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)), true));
      if (i % 100 == 99) {
        // Let the server keep up with the opening rather than queue thousands of requests.
        while ((i + 1) - (pairs.size() - opened.getCount()) > 500 && failed.get() == 0) {
          Thread.sleep(5);
        }
      }
    }
    if (!opened.await(10, TimeUnit.MINUTES) || failed.get() > 0) {
      throw new IllegalStateException(
          failed.get() + " subscriptions failed, " + opened.getCount() + " not opened");
    }
    return h2;
  }

  private Channel connect(String host, int port) throws InterruptedException {
    Channel c =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(
                            Http2FrameCodecBuilder.forClient()
                                .initialSettings(
                                    Http2Settings.defaultSettings().initialWindowSize(1 << 20))
                                .build(),
                            new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                  }
                })
            .connect(host, port)
            .sync()
            .channel();
    connections.add(c);
    return c;
  }

  @Override
  public void close() throws InterruptedException {
    for (Channel c : connections) {
      c.close().await(5, TimeUnit.SECONDS);
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
  }

  /** One SubscribeToShard stream: status, then event-stream messages split across DATA frames. */
  private static final class Subscription extends ChannelInboundHandlerAdapter {
    private final Samples samples;
    private final CountDownLatch opened;
    private final AtomicInteger failed;
    private ByteBuf pending;
    private boolean counted;

    Subscription(Samples samples, CountDownLatch opened, AtomicInteger failed) {
      this.samples = samples;
      this.opened = opened;
      this.failed = failed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2HeadersFrame h) {
          CharSequence status = h.headers().status();
          if (status != null && !"200".contentEquals(status)) {
            fail();
          }
        } else if (msg instanceof Http2DataFrame d) {
          long now = Samples.nowMicros();
          ByteBuf in = d.content();
          if (pending == null) {
            pending = ctx.alloc().heapBuffer(Math.max(256, in.readableBytes()));
          }
          pending.writeBytes(in);
          while (pending.readableBytes() >= 4
              && pending.readableBytes() >= pending.getInt(pending.readerIndex())) {
            int length = pending.getInt(pending.readerIndex());
            Message m = Message.decode(pending.nioBuffer(pending.readerIndex(), length));
            pending.skipBytes(length);
            onMessage(m, now);
          }
          if (pending.readableBytes() == 0) {
            pending.release();
            pending = null;
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void onMessage(Message m, long now) {
      HeaderValue type = m.getHeaders().get(":message-type");
      if (type == null || !"event".equals(type.getString())) {
        samples.error();
        fail();
        return;
      }
      String event = m.getHeaders().get(":event-type").getString();
      if (event.equals("initial-response")) {
        if (!counted) {
          counted = true;
          opened.countDown();
        }
        return;
      }
      samples.event();
      byte[] payload = m.getPayload();
      if (payload.length < 40
          || !new String(payload, StandardCharsets.UTF_8).contains("\"Data\"")) {
        return;
      }
      try {
        for (JsonNode r : JSON.readTree(payload).path("Records")) {
          samples.record(r.path("Data").binaryValue(), now);
        }
      } catch (java.io.IOException e) {
        samples.error();
      }
    }

    private void fail() {
      if (!counted) {
        counted = true;
        failed.incrementAndGet();
        opened.countDown();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (pending != null) {
        pending.release();
        pending = null;
      }
      fail();
    }
  }
}
