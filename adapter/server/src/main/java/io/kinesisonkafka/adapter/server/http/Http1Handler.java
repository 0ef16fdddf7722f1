package io.kinesisonkafka.adapter.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 adapter, last in a connection's pipeline after the codec, keep-alive, 100-continue
 * and aggregation handlers: turns each aggregated request into an {@link ApiRequest}, and the
 * handler's answer into a full or a chunked response.
 *
 * <p>Why one request at a time: HTTP/1.1 answers pipelined requests in order, and the handler may
 * answer from any thread in any order. Rather than buffer answers, the next request is dispatched
 * only when the current one was answered (a streaming one: ended), and the socket is not read
 * meanwhile, so the queue holds at most what one read brought in. All state is confined to the
 * event loop; answers from other threads hop onto it.
 */
final class Http1Handler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Http1Handler.class);

  private record Pending(ApiRequest request, String malformed) {}

  private final Dispatcher dispatcher;
  private final InFlight inFlight;
  private final boolean tls;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Exchange1 current;
  private boolean dispatching;
  private volatile boolean draining;

  Http1Handler(Dispatcher dispatcher, InFlight inFlight, boolean tls) {
    this.dispatcher = dispatcher;
    this.inFlight = inFlight;
    this.tls = tls;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    RequestTimer.requestReceived(ctx);
    try {
      queue.add(
          request.decoderResult().isSuccess()
              ? new Pending(toApiRequest(request), null)
              : new Pending(null, String.valueOf(request.decoderResult().cause())));
    } finally {
      request.release();
    }
    dispatchNext();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null && current.stream != null) {
      current.stream.writabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    queue.clear();
    if (current != null) {
      current.finish(); // an open stream learns of the close through the close future
      current = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      if (current == null && queue.isEmpty()) {
        log.debug("Closing idle HTTP/1.1 connection {}", ctx.channel());
        ctx.close();
      }
    } else if (evt == ConnectionEvents.DRAIN) {
      draining = true;
      ctx.channel().config().setAutoRead(false);
      if (current == null && queue.isEmpty()) {
        ctx.close();
      }
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/1.1 connection {} failed; closing it", ctx.channel(), cause);
    ctx.close();
  }

  private void dispatchNext() {
    if (dispatching) {
      return; // a handler that answered synchronously: the loop below picks up the next one
    }
    dispatching = true;
    try {
      while (current == null && !queue.isEmpty() && ctx.channel().isActive()) {
        Pending next = queue.poll();
        if (next.malformed() != null) {
          badRequest(next.malformed());
          return;
        }
        current = new Exchange1();
        ctx.channel().config().setAutoRead(false);
        dispatcher.dispatch(next.request(), current);
      }
      if (current == null && queue.isEmpty() && !draining) {
        ctx.channel().config().setAutoRead(true);
      }
    } finally {
      dispatching = false;
    }
  }

  private void responseDone(Exchange1 exchange) {
    if (current == exchange) {
      current = null;
      dispatchNext();
    }
  }

  private void badRequest(String why) {
    log.debug("Malformed HTTP/1.1 request on {}: {}", ctx.channel(), why);
    queue.clear();
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.BAD_REQUEST,
            Unpooled.wrappedBuffer(Responses.error("BadRequest", "Malformed HTTP request")));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, Responses.AMZ_JSON);
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, false);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private ApiRequest toApiRequest(FullHttpRequest request) {
    String target = request.uri();
    int scheme = target.indexOf("://");
    if (scheme > 0 && scheme < target.indexOf('/')) { // absolute-form, as proxies send it
      int slash = target.indexOf('/', scheme + 3);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    int q = target.indexOf('?');
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : request.headers()) {
      headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b);
    }
    return new ApiRequest(
        request.method().name(),
        q < 0 ? target : target.substring(0, q),
        q < 0 ? "" : target.substring(q + 1),
        Collections.unmodifiableMap(headers),
        ByteBufUtil.getBytes(request.content()),
        Responses.address(ctx.channel().remoteAddress()),
        request.protocolVersion().text(),
        tls);
  }

  private static void copy(Map<String, String> from, HttpHeaders to) {
    from.forEach(to::set);
  }

  private void onLoop(Runnable task, Runnable ifShutDown) {
    EventLoop loop = ctx.channel().eventLoop();
    if (loop.inEventLoop()) {
      task.run();
      return;
    }
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      ifShutDown.run();
    }
  }

  /** The answer to the request being served. */
  private final class Exchange1 extends Exchange {
    private Stream1 stream;

    Exchange1() {
      super(inFlight);
    }

    @Override
    void sendComplete(int status, Map<String, String> headers, byte[] body, int length) {
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.valueOf(status),
              Unpooled.wrappedBuffer(body, 0, length));
      copy(headers, response.headers());
      response.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
      HttpUtil.setContentLength(response, length);
      onLoop(
          () -> {
            if (draining && queue.isEmpty()) {
              HttpUtil.setKeepAlive(response, false);
            }
            ctx.writeAndFlush(response).addListener(f -> finish());
            responseDone(this);
          },
          this::finish);
    }

    @Override
    ChannelStreamingResponse startStream(int status, Map<String, String> headers) {
      HttpResponse head =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
      copy(headers, head.headers());
      head.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
      HttpUtil.setTransferEncodingChunked(head, true);
      Stream1 s = new Stream1(this);
      // Written straight to the channel like the body pieces after it, so that they keep their
      // order whichever thread writes them.
      ctx.channel().writeAndFlush(head);
      onLoop(() -> stream = s, () -> {});
      return s;
    }
  }

  /** A chunked body; the next request is served once it ended. */
  private final class Stream1 extends ChannelStreamingResponse {
    private final Exchange1 exchange;

    Stream1(Exchange1 exchange) {
      super(ctx.channel(), inFlight);
      this.exchange = exchange;
    }

    @Override
    Object content(ByteBuf bytes) {
      return new DefaultHttpContent(bytes);
    }

    @Override
    Object lastContent() {
      return LastHttpContent.EMPTY_LAST_CONTENT;
    }

    @Override
    void ended() {
      onLoop(() -> responseDone(exchange), () -> {});
    }
  }
}
