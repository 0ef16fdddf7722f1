package io.kinesisonkafka.adapter.server.http;

import java.util.Map;

/**
 * Answers one request, exactly once: either a complete response, or a streaming one. Thread-safe:
 * may be called from any thread.
 */
public interface ApiResponder {
  /** A complete response; the transport sets Content-Length. */
  void respond(int status, Map<String, String> headers, byte[] body);

  /**
   * A complete response whose body is the first {@code length} bytes of {@code body}, sent without
   * copying them: the caller must not change the array afterwards.
   */
  default void respond(int status, Map<String, String> headers, byte[] body, int length) {
    respond(status, headers, length == body.length ? body : java.util.Arrays.copyOf(body, length));
  }

  /**
   * Starts a response whose body is written in pieces and has no Content-Length (an HTTP/2 DATA
   * stream, or chunked encoding on HTTP/1.1), as SubscribeToShard needs.
   */
  StreamingResponse stream(int status, Map<String, String> headers);
}
