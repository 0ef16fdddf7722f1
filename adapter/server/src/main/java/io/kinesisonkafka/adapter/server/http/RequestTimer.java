package io.kinesisonkafka.adapter.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in a connection's pipeline: a client has {@link HttpServerConfig#requestTimeout()} from the
 * first byte of a request (of the connection, for the TLS handshake and the HTTP/2 preface) until
 * the request is complete; then the connection is closed. Against a client that sends a byte a
 * second: the idle timeout never fires for it, and it would hold its connection and buffers for as
 * long as it likes.
 *
 * <p>HTTP/1.1 tells it of each complete request ({@link #requestReceived}); the next bytes start
 * the clock again. On HTTP/2 a connection carries many requests and long responses, so it stops
 * once the preface was read and each stream times its own request ({@link Http2StreamHandler}).
 * Confined to the event loop.
 */
final class RequestTimer extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(RequestTimer.class);

  private final long timeoutNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> timer;
  private boolean off;

  RequestTimer(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!off && timer == null) {
      timer = ctx.executor().schedule(this::expired, timeoutNanos, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelRead(msg);
  }

  /** The request being read is complete: the clock stops until the next one's first byte. */
  void requestReceived() {
    cancel();
  }

  /** The connection turned out HTTP/2: its streams time their requests. */
  void stop() {
    off = true;
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expired() {
    timer = null;
    if (!off && ctx.channel().isActive()) {
      log.debug(
          "Closing {}: no complete request within {} ms",
          ctx.channel(),
          TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
      ctx.close();
    }
  }

  /** Tells the connection's timer, if it has one, that a request is complete. */
  static void requestReceived(ChannelHandlerContext any) {
    RequestTimer timer = any.pipeline().get(RequestTimer.class);
    if (timer != null) {
      timer.requestReceived();
    }
  }

  /** Stops the connection's timer, if it has one. */
  static void stop(ChannelHandlerContext any) {
    RequestTimer timer = any.pipeline().get(RequestTimer.class);
    if (timer != null) {
      timer.stop();
    }
  }
}
