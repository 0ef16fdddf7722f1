package io.kinesisonkafka.adapter.server.http;

import java.util.concurrent.CompletableFuture;

/**
 * The body of a streaming response. Back-pressure is explicit: write only while {@link
 * #isWritable()}, and resume when the callback given to {@link #onWritable} runs. Thread-safe.
 */
public interface StreamingResponse {
  /** Queues bytes to send; the future completes when they were written to the socket. */
  CompletableFuture<Void> write(byte[] bytes);

  /** Whether the transport's outbound buffer has room (Netty's channel writability). */
  boolean isWritable();

  /** Runs {@code callback} once, the next time the stream becomes writable (at once if it is). */
  void onWritable(Runnable callback);

  /** Ends the body normally (END_STREAM on HTTP/2, the last chunk on HTTP/1.1). */
  void end();

  /** Runs {@code callback} once when the stream is over: ended, reset or the client went away. */
  void onClosed(Runnable callback);

  /** Whether the stream is over. */
  boolean isClosed();
}
