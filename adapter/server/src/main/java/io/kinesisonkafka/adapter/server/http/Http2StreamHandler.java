package io.kinesisonkafka.adapter.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/2 adapter: one instance per stream, in the stream's child channel made by Netty's {@code
 * Http2MultiplexHandler}. Collects HEADERS and DATA up to the body limit into an {@link
 * ApiRequest}, and writes the handler's answer as HEADERS + DATA frames. Flow control: the child
 * channel returns window for every DATA frame it reads, and its writability follows the stream's
 * send window, which is what {@link StreamingResponse#isWritable()} reports.
 *
 * <p>A body over the limit is answered 413 at once, before the body was all received.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Http2StreamHandler.class);
  private static final Set<String> CONNECTION_SPECIFIC =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "transfer-encoding",
          "upgrade",
          "content-length");

  private enum State {
    READING,
    /** Answered 413 while the client still sends the body. */
    DISCARDING,
    DONE
  }

  private final Dispatcher dispatcher;
  private final InFlight inFlight;
  private final boolean tls;
  private final int maxBody;
  private final Duration requestTimeout;
  private ScheduledFuture<?> requestTimer;
  private Http2Headers requestHeaders;
  private CompositeByteBuf body;
  private State state = State.READING;
  private long discarded;
  private Exchange2 exchange;

  Http2StreamHandler(
      Dispatcher dispatcher, InFlight inFlight, boolean tls, int maxBody, Duration requestTimeout) {
    this.dispatcher = dispatcher;
    this.inFlight = inFlight;
    this.tls = tls;
    this.maxBody = maxBody;
    this.requestTimeout = requestTimeout;
  }

  /**
   * The stream exists from its first HEADERS frame: from then on the client has the request timeout
   * to send the whole request, else the stream is reset (a client trickling a body must not hold a
   * stream, its buffer and a slot of the connection's stream limit for ever).
   */
  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (requestTimeout.toNanos() > 0) {
      requestTimer =
          ctx.executor()
              .schedule(
                  () -> {
                    if (state == State.READING && ctx.channel().isActive()) {
                      log.debug(
                          "Resetting HTTP/2 stream {}: no complete request within {}",
                          ctx.channel(),
                          requestTimeout);
                      releaseBody();
                      state = State.DONE;
                      ctx.channel().close();
                    }
                  },
                  requestTimeout.toNanos(),
                  TimeUnit.NANOSECONDS);
    }
  }

  private void requestEnded() {
    if (requestTimer != null) {
      requestTimer.cancel(false);
      requestTimer = null;
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      switch (state) {
        case READING -> read(ctx, msg);
        case DISCARDING -> discard(ctx, msg);
        case DONE -> {} // the request was complete; nothing more belongs to it
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void read(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2HeadersFrame frame) {
      if (requestHeaders == null) {
        requestHeaders = frame.headers();
        CharSequence length = requestHeaders.get(HttpHeaderNames.CONTENT_LENGTH);
        if (length != null && parseLength(length) > maxBody) {
          refuseTooLarge(ctx, frame.isEndStream());
          return;
        }
        if (!frame.isEndStream()
            && AsciiString.contentEqualsIgnoreCase(
                requestHeaders.get(HttpHeaderNames.EXPECT), HttpHeaderValues.CONTINUE)) {
          ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("100")));
        }
      } // else trailers: nothing the API uses
      if (frame.isEndStream()) {
        dispatch(ctx);
      }
    } else if (msg instanceof Http2DataFrame frame) {
      ByteBuf content = frame.content();
      long size = (body == null ? 0L : body.readableBytes()) + content.readableBytes();
      if (size > maxBody) {
        refuseTooLarge(ctx, frame.isEndStream());
        return;
      }
      if (content.isReadable()) {
        if (body == null) {
          body = ctx.alloc().compositeBuffer(1024);
        }
        body.addComponent(true, content.retain());
      }
      if (frame.isEndStream()) {
        dispatch(ctx);
      }
    }
  }

  /**
   * After a 413 the rest of the body is read and dropped (reading returns flow-control window), up
   * to one more body limit; beyond that the stream is reset.
   *
   * <p>Why not reset at once, as RFC 9113 section 8.1 allows with NO_ERROR: the Java SDK's Netty
   * client then reports "connection closed during the request" instead of the 413 it received.
   */
  private void discard(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2DataFrame frame) {
      discarded += frame.content().readableBytes();
      if (frame.isEndStream()) {
        state = State.DONE;
      } else if (discarded > maxBody) {
        state = State.DONE;
        ctx.channel().writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
      }
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange2 e = exchange;
    if (e != null && e.stream != null) {
      e.stream.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    requestEnded();
    releaseBody();
    if (exchange != null) {
      exchange.finish(); // an open stream learns of the close through the close future
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/2 stream {} failed; resetting it", ctx.channel(), cause);
    ctx.close();
  }

  private void dispatch(ChannelHandlerContext ctx) {
    requestEnded();
    state = State.DONE;
    byte[] bytes = body == null ? Exchange.NO_BODY : ByteBufUtil.getBytes(body);
    releaseBody();
    ApiRequest request = toApiRequest(ctx.channel(), bytes);
    exchange = new Exchange2(ctx.channel());
    dispatcher.dispatch(request, exchange);
  }

  private void refuseTooLarge(ChannelHandlerContext ctx, boolean requestEnded) {
    requestEnded();
    state = requestEnded ? State.DONE : State.DISCARDING;
    releaseBody();
    byte[] bytes = Responses.tooLarge(maxBody);
    Http2Headers headers =
        new DefaultHttp2Headers()
            .status("413")
            .set(HttpHeaderNames.CONTENT_TYPE, Responses.AMZ_JSON)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    ctx.channel().write(new DefaultHttp2HeadersFrame(headers));
    ctx.channel().writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(bytes), true));
  }

  private void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
    }
  }

  private ApiRequest toApiRequest(Channel channel, byte[] bytes) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<CharSequence, CharSequence> h : requestHeaders) {
      String name = h.getKey().toString();
      if (!name.startsWith(":")) {
        headers.merge(
            name.toLowerCase(Locale.ROOT), h.getValue().toString(), (a, b) -> a + ", " + b);
      }
    }
    // SigV4 signs "host"; HTTP/2 clients send it as :authority.
    if (requestHeaders.authority() != null) {
      headers.putIfAbsent("host", requestHeaders.authority().toString());
    }
    String target = requestHeaders.path() == null ? "/" : requestHeaders.path().toString();
    int q = target.indexOf('?');
    return new ApiRequest(
        String.valueOf(requestHeaders.method()),
        q < 0 ? target : target.substring(0, q),
        q < 0 ? "" : target.substring(q + 1),
        Collections.unmodifiableMap(headers),
        bytes,
        Responses.address(channel.remoteAddress()),
        "HTTP/2",
        tls);
  }

  private static long parseLength(CharSequence value) {
    try {
      return Long.parseLong(value.toString().trim());
    } catch (NumberFormatException e) {
      return -1; // the codec rejects a malformed content-length against the DATA it counts
    }
  }

  private static Http2Headers responseHeaders(int status, Map<String, String> headers) {
    Http2Headers h = new DefaultHttp2Headers().status(Integer.toString(status));
    headers.forEach(
        (name, value) -> {
          String lower = name.toLowerCase(Locale.ROOT);
          if (!CONNECTION_SPECIFIC.contains(lower)) {
            h.set(lower, value);
          }
        });
    return h;
  }

  /** The answer to this stream's request; all writes are thread-safe channel writes. */
  private final class Exchange2 extends Exchange {
    private final Channel channel;
    private volatile Stream2 stream;

    Exchange2(Channel channel) {
      super(inFlight);
      this.channel = channel;
    }

    @Override
    void sendComplete(int status, Map<String, String> headers, byte[] body, int length) {
      Http2Headers h =
          responseHeaders(status, headers).setInt(HttpHeaderNames.CONTENT_LENGTH, length);
      if (length == 0) {
        channel.writeAndFlush(new DefaultHttp2HeadersFrame(h, true)).addListener(f -> finish());
      } else {
        channel.write(new DefaultHttp2HeadersFrame(h, false));
        channel
            .writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body, 0, length), true))
            .addListener(f -> finish());
      }
    }

    @Override
    ChannelStreamingResponse startStream(int status, Map<String, String> headers) {
      Http2Headers h = responseHeaders(status, headers);
      Stream2 s = new Stream2(channel, inFlight);
      stream = s;
      channel.writeAndFlush(new DefaultHttp2HeadersFrame(h, false));
      return s;
    }
  }

  /** A body of DATA frames, ended by an empty DATA frame with END_STREAM. */
  private static final class Stream2 extends ChannelStreamingResponse {
    Stream2(Channel channel, InFlight inFlight) {
      super(channel, inFlight);
    }

    @Override
    Object content(ByteBuf bytes) {
      return new DefaultHttp2DataFrame(bytes, false);
    }

    @Override
    Object lastContent() {
      return new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true);
    }
  }
}
