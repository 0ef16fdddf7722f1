package io.kinesisonkafka.adapter.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The body limit on HTTP/1.1, as Netty's aggregation and 100-continue handlers with the AWS-shaped
 * 413 answer (Netty's own has an empty body).
 *
 * <p>These answers are written before the request reaches {@link Http1Handler}, so they bypass its
 * in-order queue: a 413 could overtake the answer to an earlier pipelined request. Clients do not
 * pipeline behind large uploads or 100-continue, so this is not worth a queue of its own.
 */
final class Http1Limits {
  private Http1Limits() {}

  static FullHttpResponse tooLarge(int max) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
            Unpooled.wrappedBuffer(Responses.tooLarge(max)));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, Responses.AMZ_JSON);
    HttpUtil.setContentLength(response, response.content().readableBytes());
    return response;
  }

  /**
   * "Expect: 100-continue": 100 when the declared length fits, else 413 and the connection closes
   * (a client may send the body anyway or start the next request; the server cannot tell which).
   */
  static final class ExpectContinue extends HttpServerExpectContinueHandler {
    private final int max;

    ExpectContinue(int max) {
      this.max = max;
    }

    @Override
    protected HttpResponse acceptMessage(HttpRequest request) {
      return HttpUtil.getContentLength(request, -1L) > max ? null : super.acceptMessage(request);
    }

    @Override
    protected HttpResponse rejectResponse(HttpRequest request) {
      FullHttpResponse response = tooLarge(max);
      HttpUtil.setKeepAlive(response, false); // the keep-alive handler closes after it
      return response;
    }
  }

  /** Collects a request's body up to the limit; a larger one is answered 413. */
  static final class Aggregator extends HttpObjectAggregator {
    private final int max;

    Aggregator(int max) {
      super(max);
      this.max = max;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized)
        throws Exception {
      if (!(oversized instanceof HttpRequest)) {
        super.handleOversizedMessage(ctx, oversized);
        return;
      }
      FullHttpResponse response = tooLarge(max);
      // As Netty's own: when the body is being received already (no length known up front) or
      // the client wants no keep-alive, the connection cannot be reused. Otherwise the declared
      // body is skipped and the connection stays.
      if (oversized instanceof FullHttpMessage
          || !HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized)) {
        HttpUtil.setKeepAlive(response, false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
      }
    }
  }
}
