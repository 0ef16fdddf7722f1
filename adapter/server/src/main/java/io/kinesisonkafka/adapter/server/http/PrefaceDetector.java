package io.kinesisonkafka.adapter.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks at the first bytes of a connection: the HTTP/2 client preface ("PRI *
 * HTTP/2.0\r\n\r\nSM\r\n\r\n") makes it an HTTP/2 connection, anything else HTTP/1.1. Then it
 * installs that protocol's handlers and removes itself; the bytes it looked at go on to them.
 *
 * <p>Why: the Java SDK's async client sends the preface without any negotiation, on the plain port
 * (h2c with prior knowledge) and on TLS connections that negotiated no ALPN protocol.
 */
final class PrefaceDetector extends ByteToMessageDecoder {
  private static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final Pipelines pipelines;
  private final boolean tls;

  PrefaceDetector(Pipelines pipelines, boolean tls) {
    this.pipelines = pipelines;
    this.tls = tls;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int n = Math.min(in.readableBytes(), PREFACE.length);
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
        pipelines.http1(ctx.pipeline(), tls);
        ctx.pipeline().remove(this);
        return;
      }
    }
    if (n == PREFACE.length) {
      pipelines.http2(ctx.pipeline(), tls);
      ctx.pipeline().remove(this);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent || evt == ConnectionEvents.DRAIN) {
      ctx.close(); // not a single request yet
    } else {
      super.userEventTriggered(ctx, evt);
    }
  }
}
