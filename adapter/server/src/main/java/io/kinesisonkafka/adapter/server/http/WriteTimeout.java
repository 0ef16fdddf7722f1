package io.kinesisonkafka.adapter.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.WriteTimeoutHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Netty's write timeout, which closes the channel when a write has not gone out in time, made to
 * reset an HTTP/2 stream for sure: closing a stream channel sends RST_STREAM only while the
 * response's END_STREAM has not been written, but a whole answer queued behind a closed
 * flow-control window has written it already, and the stream (with its queued answer) would stay
 * open until the connection ends. RST_STREAM drops what is queued and frees the stream's slot.
 */
final class WriteTimeout extends WriteTimeoutHandler {
  private static final Logger log = LoggerFactory.getLogger(WriteTimeout.class);

  private final Duration timeout;

  WriteTimeout(Duration timeout) {
    super(timeout.toNanos(), TimeUnit.NANOSECONDS);
    this.timeout = timeout;
  }

  @Override
  protected void writeTimedOut(ChannelHandlerContext ctx) throws Exception {
    log.debug("Cutting off {}: the client took no response bytes for {}", ctx.channel(), timeout);
    if (ctx.channel() instanceof Http2StreamChannel && ctx.channel().isActive()) {
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
    }
    super.writeTimedOut(ctx);
  }
}
