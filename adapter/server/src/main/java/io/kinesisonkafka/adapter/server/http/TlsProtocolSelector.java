package io.kinesisonkafka.adapter.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the TLS handshake: HTTP/2 when ALPN chose "h2", HTTP/1.1 when it chose "http/1.1", and when
 * the client offered no ALPN at all, a {@link PrefaceDetector} decides from the first bytes.
 *
 * <p>Why not fall back to HTTP/1.1 without ALPN: the Java SDK's async client (and so the KCL)
 * defaults to {@code ProtocolNegotiation.ASSUME_PROTOCOL}, a handshake without ALPN followed by the
 * HTTP/2 preface, while the KPL and the AWS CLI send HTTP/1.1 without ALPN.
 */
final class TlsProtocolSelector extends ApplicationProtocolNegotiationHandler {
  private static final Logger log = LoggerFactory.getLogger(TlsProtocolSelector.class);
  private static final String NONE = "none";

  private final Pipelines pipelines;

  TlsProtocolSelector(Pipelines pipelines) {
    super(NONE);
    this.pipelines = pipelines;
  }

  @Override
  protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
    switch (protocol) {
      case ApplicationProtocolNames.HTTP_2 -> pipelines.http2(ctx.pipeline(), true);
      case ApplicationProtocolNames.HTTP_1_1 -> pipelines.http1(ctx.pipeline(), true);
      default -> ctx.pipeline().addLast("preface", new PrefaceDetector(pipelines, true));
    }
  }

  @Override
  protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
    // Port scanners and clients that distrust the certificate: not the server's problem.
    log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
