package io.kinesisonkafka.adapter.server.http;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the server has in flight, so that close() can wait for it: requests handed to the handler
 * and not answered yet, and streaming responses still open.
 *
 * <p>Why a plain monitor: begin/end happen once per request and close() is the only waiter; a
 * lock-free scheme would buy nothing.
 */
final class InFlight {
  private final Object lock = new Object();
  private int requests;
  private final Set<ChannelStreamingResponse> streams = ConcurrentHashMap.newKeySet();

  void requestStarted() {
    synchronized (lock) {
      requests++;
    }
  }

  void requestFinished() {
    synchronized (lock) {
      if (--requests == 0) {
        lock.notifyAll();
      }
    }
  }

  int requests() {
    synchronized (lock) {
      return requests;
    }
  }

  void streamOpened(ChannelStreamingResponse stream) {
    streams.add(stream);
  }

  void streamClosed(ChannelStreamingResponse stream) {
    streams.remove(stream);
  }

  List<ChannelStreamingResponse> openStreams() {
    return List.copyOf(streams);
  }

  /** Waits until no request is waiting for its answer; false when the timeout came first. */
  boolean awaitRequests(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (requests > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }
}
