package io.kinesisonkafka.adapter.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.ProtocolNegotiation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/** The real clients the transport tests use, through the AWS SDK's raw HTTP client APIs. */
final class Clients {
  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final AttributeMap TRUST_ALL =
      AttributeMap.builder().put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true).build();

  private Clients() {}

  /** The Java SDK's async client as the KCL uses it: HTTP/2, h2c with prior knowledge on http. */
  static SdkAsyncHttpClient nettyHttp2() {
    return NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP2).buildWithDefaults(TRUST_ALL);
  }

  /** HTTP/2 over TLS with the given negotiation, trusting the self-signed certificate. */
  static SdkAsyncHttpClient nettyHttp2(ProtocolNegotiation negotiation) {
    return NettyNioAsyncHttpClient.builder()
        .protocol(Protocol.HTTP2)
        .protocolNegotiation(negotiation)
        .buildWithDefaults(TRUST_ALL);
  }

  /** The Java SDK's sync client: HTTP/1.1 with keep-alive, no ALPN on TLS. */
  static SdkHttpClient apache() {
    return ApacheHttpClient.builder().buildWithDefaults(TRUST_ALL);
  }

  record Reply(SdkHttpResponse response, byte[] body) {
    int status() {
      return response.statusCode();
    }

    String header(String name) {
      return response.firstMatchingHeader(name).orElse(null);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static SdkHttpFullRequest request(String base, String method, String pathAndQuery) {
    return SdkHttpFullRequest.builder()
        .uri(URI.create(base + pathAndQuery))
        .method(SdkHttpMethod.fromValue(method))
        .putHeader("X-Amz-Target", "Kinesis_20131202.Test")
        .build();
  }

  static Reply call(SdkHttpClient client, String base, String method, String path, byte[] body) {
    SdkHttpFullRequest request =
        request(base, method, path).toBuilder()
            .putHeader("Content-Length", String.valueOf(body.length))
            .build();
    try {
      HttpExecuteResponse response =
          client
              .prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(request)
                      .contentStreamProvider(
                          body.length == 0 ? null : ContentStreamProvider.fromByteArray(body))
                      .build())
              .call();
      byte[] bytes =
          response.responseBody().isPresent()
              ? readAll(response.responseBody().get())
              : new byte[0];
      return new Reply(response.httpResponse(), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Reply call(
      SdkAsyncHttpClient client, String base, String method, String path, byte[] body) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    ByteArrayOutputStream collected = new ByteArrayOutputStream();
    CompletableFuture<SdkHttpResponse> head = new CompletableFuture<>();
    execute(
        client,
        request(base, method, path),
        body,
        head::complete,
        subscriber(
            b -> collected.writeBytes(bytes(b)),
            () -> reply.complete(new Reply(head.join(), collected.toByteArray())),
            reply::completeExceptionally),
        reply::completeExceptionally);
    return await(reply);
  }

  /** Starts an async request; the body publisher goes to {@code body}. */
  static CompletableFuture<Void> execute(
      SdkAsyncHttpClient client,
      SdkHttpFullRequest request,
      byte[] content,
      Consumer<SdkHttpResponse> onHeaders,
      Subscriber<ByteBuffer> body,
      Consumer<Throwable> onError) {
    SdkHttpFullRequest withLength =
        request.toBuilder().putHeader("Content-Length", String.valueOf(content.length)).build();
    CompletableFuture<Void> done =
        client.execute(
            AsyncExecuteRequest.builder()
                .request(withLength)
                .requestContentPublisher(publisher(content))
                .responseHandler(
                    new SdkAsyncHttpResponseHandler() {
                      @Override
                      public void onHeaders(SdkHttpResponse headers) {
                        onHeaders.accept(headers);
                      }

                      @Override
                      public void onStream(Publisher<ByteBuffer> stream) {
                        stream.subscribe(body);
                      }

                      @Override
                      public void onError(Throwable error) {
                        onError.accept(error);
                      }
                    })
                .build());
    done.whenComplete(
        (v, e) -> {
          if (e != null) {
            onError.accept(e);
          }
        });
    return done;
  }

  /** A subscriber that wants everything. */
  static Subscriber<ByteBuffer> subscriber(
      Consumer<ByteBuffer> onNext, Runnable onComplete, Consumer<Throwable> onError) {
    return new Subscriber<>() {
      @Override
      public void onSubscribe(Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(ByteBuffer b) {
        onNext.accept(b);
      }

      @Override
      public void onError(Throwable t) {
        onError.accept(t);
      }

      @Override
      public void onComplete() {
        onComplete.run();
      }
    };
  }

  static SdkHttpContentPublisher publisher(byte[] content) {
    return new SdkHttpContentPublisher() {
      @Override
      public Optional<Long> contentLength() {
        return Optional.of((long) content.length);
      }

      @Override
      public void subscribe(Subscriber<? super ByteBuffer> s) {
        s.onSubscribe(
            new Subscription() {
              private boolean done;

              @Override
              public void request(long n) {
                if (done) {
                  return;
                }
                done = true;
                if (content.length > 0) {
                  s.onNext(ByteBuffer.wrap(content));
                }
                s.onComplete();
              }

              @Override
              public void cancel() {
                done = true;
              }
            });
      }
    };
  }

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("No answer within " + TIMEOUT, e);
    }
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
