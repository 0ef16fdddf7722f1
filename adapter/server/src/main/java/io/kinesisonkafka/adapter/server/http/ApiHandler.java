package io.kinesisonkafka.adapter.server.http;

/**
 * What the transport calls for every request that is not one of its own endpoints. Called on a
 * Netty event-loop thread: it must not block; blocking work goes to an executor and answers through
 * the responder from there (the responder is thread-safe).
 */
@FunctionalInterface
public interface ApiHandler {
  void handle(ApiRequest request, ApiResponder responder);
}
