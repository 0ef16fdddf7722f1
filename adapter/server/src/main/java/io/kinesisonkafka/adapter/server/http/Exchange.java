package io.kinesisonkafka.adapter.server.http;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's answer, shared by the HTTP/1.1 and HTTP/2 adapters: enforces "exactly once" and
 * keeps the {@link InFlight} count, so that graceful shutdown knows what it waits for.
 *
 * <p>A request leaves the in-flight count when its complete response was written (or could not be),
 * when a streaming response started (it is then tracked as an open stream), or when its connection
 * went away first.
 */
abstract class Exchange implements ApiResponder {
  static final byte[] NO_BODY = new byte[0];

  private final AtomicBoolean answered = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final InFlight inFlight;

  Exchange(InFlight inFlight) {
    this.inFlight = inFlight;
    inFlight.requestStarted();
  }

  @Override
  public final void respond(int status, Map<String, String> headers, byte[] body) {
    respond(status, headers, body, body == null ? 0 : body.length);
  }

  @Override
  public final void respond(int status, Map<String, String> headers, byte[] body, int length) {
    checkStatus(status);
    if (length < 0 || length > (body == null ? 0 : body.length)) {
      throw new IllegalArgumentException("body length " + length + " outside the array");
    }
    claim();
    try {
      sendComplete(
          status, headers == null ? Map.of() : headers, body == null ? NO_BODY : body, length);
    } catch (RuntimeException e) {
      // Invalid headers are found while building the response: nothing was sent, so the request
      // may still be answered (the dispatcher answers 500 if the handler lets this escape).
      answered.set(false);
      throw e;
    }
  }

  @Override
  public final StreamingResponse stream(int status, Map<String, String> headers) {
    checkStatus(status);
    claim();
    try {
      return startStream(status, headers == null ? Map.of() : headers);
    } catch (RuntimeException e) {
      answered.set(false);
      throw e;
    } finally {
      if (answered.get()) {
        finish();
      }
    }
  }

  /** Whether the request was answered (or is being answered). */
  final boolean answered() {
    return answered.get();
  }

  /** Answers 500 InternalFailure, unless the handler answered already. */
  final void failIfUnanswered(Throwable cause) {
    if (answered.compareAndSet(false, true)) {
      String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
      byte[] body = Responses.error("InternalFailure", message);
      sendComplete(500, Responses.JSON, body, body.length);
    }
  }

  /** Leaves the in-flight count, once: the answer was written, or never can be. */
  final void finish() {
    if (finished.compareAndSet(false, true)) {
      inFlight.requestFinished();
    }
  }

  /**
   * Sends a complete response from any thread, and calls {@link #finish()} once it is written or
   * failed. Throws (without side effects) when the status or headers are invalid.
   */
  abstract void sendComplete(int status, Map<String, String> headers, byte[] body, int length);

  /** Sends the head of a streaming response from any thread. */
  abstract ChannelStreamingResponse startStream(int status, Map<String, String> headers);

  private void claim() {
    if (!answered.compareAndSet(false, true)) {
      throw new IllegalStateException("This request was answered already");
    }
  }

  private static void checkStatus(int status) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("HTTP status must be 200..599, but was " + status);
    }
  }
}
