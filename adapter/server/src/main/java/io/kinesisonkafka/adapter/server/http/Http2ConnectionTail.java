package io.kinesisonkafka.adapter.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of an HTTP/2 connection (streams have their own child pipelines): closes the
 * connection when idle with no stream open, answers the server's drain with GOAWAY, and logs
 * connection failures.
 */
final class Http2ConnectionTail extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Http2ConnectionTail.class);

  private final Http2FrameCodec codec;

  Http2ConnectionTail(Http2FrameCodec codec) {
    this.codec = codec;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      if (codec.connection().numActiveStreams() == 0) {
        log.debug("Closing idle HTTP/2 connection {}", ctx.channel());
        ctx.close();
      }
    } else if (evt == ConnectionEvents.DRAIN) {
      // Streams the client opened up to now still complete; later ones are refused, which
      // clients retry on another connection.
      ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("HTTP/2 connection {} failed; closing it", ctx.channel(), cause);
    ctx.close();
  }
}
