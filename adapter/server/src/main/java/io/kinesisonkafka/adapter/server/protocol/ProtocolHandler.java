package io.kinesisonkafka.adapter.server.protocol;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INTERNAL_FAILURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.LIMIT_EXCEEDED;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.UNKNOWN_OPERATION;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.server.http.ApiHandler;
import io.kinesisonkafka.adapter.server.http.ApiRequest;
import io.kinesisonkafka.adapter.server.http.ApiResponder;
import io.kinesisonkafka.adapter.server.http.StreamingResponse;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON/CBOR protocol over the transport: dispatch on {@code X-Amz-Target}, authenticate,
 * parse the body in the request's format, run the operation on a worker, and answer in the same
 * format, errors included. Nothing here knows Kafka.
 */
public final class ProtocolHandler implements ApiHandler {
  private static final Logger log = LoggerFactory.getLogger(ProtocolHandler.class);

  private final OperationRegistry registry;
  private final Executor workers;
  private final RequestAuthenticator authenticator;
  private final CallObserver observer;

  /** Checks a request's signature; throws the AWS error when it is refused. */
  @FunctionalInterface
  public interface RequestAuthenticator {
    RequestAuthenticator NONE = request -> {};

    void authenticate(ApiRequest request);
  }

  /** Told of every call's outcome, for metrics and logs. */
  @FunctionalInterface
  public interface CallObserver {
    CallObserver NONE = (target, error, nanos) -> {};

    void completed(String target, KinesisErrorCode error, long nanos);
  }

  public ProtocolHandler(
      OperationRegistry registry,
      Executor workers,
      RequestAuthenticator authenticator,
      CallObserver observer) {
    this.registry = registry;
    this.workers = workers;
    this.authenticator = authenticator;
    this.observer = observer;
  }

  @Override
  public void handle(ApiRequest request, ApiResponder responder) {
    long start = System.nanoTime();
    String requestId = UUID.randomUUID().toString();
    WireFormat format = WireFormat.of(request.header("content-type"));
    String target = request.header("x-amz-target");
    if (format == null) {
      fail(
          responder,
          WireFormat.JSON,
          requestId,
          target,
          start,
          new KinesisException(
              UNKNOWN_OPERATION, "Unsupported Content-Type: " + request.header("content-type")));
      return;
    }
    Operation operation = registry.find(target);
    if (!"POST".equals(request.method()) || operation == null) {
      fail(
          responder,
          format,
          requestId,
          target,
          start,
          new KinesisException(UNKNOWN_OPERATION, "Unknown operation " + target));
      return;
    }
    try {
      workers.execute(() -> run(operation, request, responder, format, requestId, target, start));
    } catch (RejectedExecutionException e) {
      fail(
          responder,
          format,
          requestId,
          target,
          start,
          new KinesisException(LIMIT_EXCEEDED, "Too many requests in progress; retry later."));
    }
  }

  private void run(
      Operation operation,
      ApiRequest request,
      ApiResponder responder,
      WireFormat format,
      String requestId,
      String target,
      long start) {
    Call call = new CallImpl(request, responder, format, requestId);
    try {
      authenticator.authenticate(request);
      Input input =
          operation.readsBodyLazily()
              ? Input.lazy(request.body(), format)
              : Input.parse(request.body(), format);
      operation
          .invoke(input, call)
          .whenComplete(
              (reply, error) -> {
                if (error != null) {
                  fail(responder, format, requestId, target, start, error);
                } else if (reply != Operation.Reply.STREAMED) {
                  succeed(responder, format, requestId, target, start, reply.body());
                } else {
                  observer.completed(target, null, System.nanoTime() - start);
                }
              });
    } catch (RuntimeException e) {
      fail(responder, format, requestId, target, start, e);
    }
  }

  private void succeed(
      ApiResponder responder,
      WireFormat format,
      String requestId,
      String target,
      long start,
      Body body) {
    Replies.Encoded bytes;
    try {
      bytes = Replies.encode(format, body);
    } catch (RuntimeException e) {
      fail(responder, format, requestId, target, start, e);
      return;
    }
    responder.respond(200, headers(format, requestId), bytes.array(), bytes.length());
    observer.completed(target, null, System.nanoTime() - start);
  }

  private void fail(
      ApiResponder responder,
      WireFormat format,
      String requestId,
      String target,
      long start,
      Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    KinesisException k;
    if (cause instanceof KinesisException ke) {
      k = ke;
    } else {
      log.error("Request {} ({}) failed", requestId, target, cause);
      k = new KinesisException(INTERNAL_FAILURE, "Internal service failure.");
    }
    Map<String, String> headers = headers(format, requestId);
    headers.put("x-amzn-errortype", k.code().wireName());
    responder.respond(
        k.code().httpStatus(), headers, Replies.error(format, k.code(), k.getMessage()));
    observer.completed(target, k.code(), System.nanoTime() - start);
  }

  static Map<String, String> headers(WireFormat format, String requestId) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", format.contentType());
    headers.put("x-amzn-requestid", requestId);
    byte[] id2 = new byte[48];
    ThreadLocalRandom.current().nextBytes(id2);
    headers.put("x-amz-id-2", Base64.getEncoder().encodeToString(id2));
    return headers;
  }

  private record CallImpl(
      ApiRequest request, ApiResponder responder, WireFormat format, String requestId)
      implements Call {
    @Override
    public StreamingResponse stream(Map<String, String> extra) {
      Map<String, String> headers = headers(format, requestId);
      headers.putAll(extra);
      return responder.stream(200, headers);
    }
  }
}
