package io.kinesisonkafka.lambda.internals;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Times out invocations that run on their lane's own thread (no hand-over to another thread per
 * batch): one thread per runner looks at the invocations in flight every {@code tick} and expires
 * those past their deadline. Expiring interrupts the stuck thread and calls the invocation's {@code
 * onTimeout} (which starts a new thread to carry the lane on); the stuck thread, when its handler
 * returns at last, finds it lost the race and ends without touching the lane.
 */
final class Watchdog implements AutoCloseable {

  /** One invocation in flight on {@code thread}. Exactly one of finish and expire wins. */
  static final class Running {
    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int TIMED_OUT = 2;

    private final Thread thread;
    private final long deadlineNanos;
    private final Runnable onTimeout;
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    Running(Thread thread, long deadlineNanos, Runnable onTimeout) {
      this.thread = thread;
      this.deadlineNanos = deadlineNanos;
      this.onTimeout = onTimeout;
    }

    /** From the invoking thread once the handler returned: false if it was timed out already. */
    boolean finish() {
      return state.compareAndSet(RUNNING, DONE);
    }

    private void expire() {
      if (state.compareAndSet(RUNNING, TIMED_OUT)) {
        thread.interrupt();
        onTimeout.run();
      }
    }
  }

  private final MappingRuntime runtime;
  private final long tickMillis;
  private final Set<Running> running = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;

  Watchdog(MappingRuntime runtime, long timeoutNanos) {
    this.runtime = runtime;
    // Lambda's own timeouts are whole seconds: a twentieth of one is precise enough.
    this.tickMillis = Math.max(5, Math.min(50, TimeUnit.NANOSECONDS.toMillis(timeoutNanos) / 20));
    this.thread = new Thread(this::run, "lambda-" + runtime.mapping.functionName() + "-timeouts");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  Running watch(long deadlineNanos, Runnable onTimeout) {
    Running r = new Running(Thread.currentThread(), deadlineNanos, onTimeout);
    running.add(r);
    return r;
  }

  void unwatch(Running r) {
    running.remove(r);
  }

  private void run() {
    try {
      while (!closed) {
        Thread.sleep(tickMillis);
        long now = System.nanoTime();
        for (Running r : running) {
          if (now - r.deadlineNanos >= 0) {
            running.remove(r);
            r.expire();
          }
        }
      }
    } catch (InterruptedException e) {
      // closing
    } catch (RuntimeException | Error e) {
      runtime.fail("the function timeout thread stopped", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
