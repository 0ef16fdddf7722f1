package io.kinesisonkafka.lambda.internals;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.models.TimeWindow;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.lambda.EventSourceMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Calls one lane's handler instance with the event Lambda builds, bounded by the function timeout,
 * and reads its answer by the mapping's rules. A function that timed out gets a new handler
 * instance (Lambda starts a new execution environment); its thread is interrupted and left to end.
 * Plain batches run on the lane's own thread, timed out by the {@link Watchdog} (which then carries
 * the lane on in a new thread); tumbling-window invocations run on an invocation thread the lane
 * waits for.
 */
final class Invoker {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventSourceMapping mapping;
  private final String shardId;
  private final Supplier<? extends RequestHandler<?, ?>> handlers;
  private final ExecutorService threads;
  private final Watchdog watchdog;
  private final long timeoutNanos;
  private final int memoryMb;
  private final LazyRecords.Envelope envelope;
  private final org.slf4j.Logger functionLog;
  private final BatchData batchData;
  private RequestHandler<Object, Object> handler;

  Invoker(
      EventSourceMapping mapping,
      String shardId,
      Supplier<? extends RequestHandler<?, ?>> handlers,
      ExecutorService threads,
      Watchdog watchdog,
      long timeoutNanos,
      int memoryMb,
      BatchData batchData) {
    this.mapping = mapping;
    this.shardId = shardId;
    this.handlers = handlers;
    this.threads = threads;
    this.watchdog = watchdog;
    this.timeoutNanos = timeoutNanos;
    this.memoryMb = memoryMb;
    this.batchData = batchData;
    this.envelope =
        new LazyRecords.Envelope(
            shardId + ":",
            "arn:aws:iam::" + mapping.accountId() + ":role/" + mapping.functionName() + "-role",
            mapping.region(),
            mapping.eventSourceArn());
    this.functionLog = LambdaContext.functionLog(mapping.functionName());
  }

  @SuppressWarnings("unchecked")
  private RequestHandler<Object, Object> handler() {
    if (handler == null) {
      handler = (RequestHandler<Object, Object>) handlers.get();
    }
    return handler;
  }

  /**
   * The records as Lambda's event has them: base64 data, eventID {@code shardId:sequence}. On the
   * lane's thread: each record's data is its own array the first time, a copy of the original after
   * (see {@link BatchData}).
   */
  List<KinesisEventRecord> records(List<Entry> batch) {
    List<KinesisEventRecord> records = new ArrayList<>(batch.size());
    for (Entry e : batch) {
      records.add(
          LazyRecords.of(e.record, batchData.copyIfInvokedBefore(e), e.arrivalMillis, envelope));
    }
    return records;
  }

  /**
   * Invokes with a plain batch on this (the lane's) thread. If the function runs past its timeout,
   * the watchdog gives the timeout's outcome to {@code onTimeout} on its own thread and this call
   * ends in {@link Abandoned} once the handler returns: the lane has moved on without this thread.
   */
  Outcome invoke(List<Entry> batch, Consumer<Outcome> onTimeout) {
    KinesisEvent event = new KinesisEvent();
    event.setRecords(records(batch));
    Start start = start();
    if (start.failure() != null) {
      return start.failure();
    }
    String requestId = start.requestId();
    Watchdog.Running running =
        watchdog.watch(
            start.deadline(),
            () -> {
              handler = null;
              onTimeout.accept(timedOut(requestId));
            });
    Object response = null;
    Throwable thrown = null;
    try {
      response = start.handler().handleRequest(event, start.context());
    } catch (Throwable t) { // as Lambda: whatever the function throws is its error
      thrown = t;
    }
    if (!running.finish()) {
      throw new Abandoned();
    }
    watchdog.unwatch(running);
    // Nothing else interrupts a lane thread: an interrupt the function left set is its own, and
    // must not end the lane's next wait.
    Thread.interrupted();
    if (thrown != null) {
      return Outcome.error(
          thrown.getClass().getName() + ": " + thrown.getMessage(), "Unhandled", requestId);
    }
    return answer(response, batch, false, requestId);
  }

  /** Thrown on a lane thread whose invocation was timed out: the thread ends, quietly. */
  static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned() {
      super("the invocation timed out; the lane goes on in a new thread", null, false, false);
    }
  }

  private Outcome timedOut(String requestId) {
    return Outcome.error(
        String.format("Task timed out after %.2f seconds", timeoutNanos / 1_000_000_000.0),
        "Unhandled",
        requestId);
  }

  Outcome invokeWindow(
      List<Entry> batch, long windowStart, Map<String, String> state, boolean isFinal) {
    KinesisTimeWindowEvent event = new KinesisTimeWindowEvent();
    event.setRecords(records(batch));
    event.setWindow(
        new TimeWindow(
            Instant.ofEpochMilli(windowStart).toString(),
            Instant.ofEpochMilli(windowStart + mapping.tumblingWindow().toMillis()).toString()));
    event.setState(new HashMap<>(state));
    event.setShardId(shardId);
    event.setEventSourceArn(mapping.eventSourceArn());
    event.setIsFinalInvokeForWindow(isFinal);
    event.setIsWindowTerminatedEarly(false);
    return call(event, batch, true);
  }

  /**
   * What an invocation starts from: its request id, deadline, handler instance and context, or
   * {@code failure} when the handler could not be made.
   */
  private record Start(
      String requestId,
      long deadline,
      RequestHandler<Object, Object> handler,
      LambdaContext context,
      Outcome failure) {}

  private Start start() {
    String requestId = requestId();
    long deadline = System.nanoTime() + timeoutNanos;
    RequestHandler<Object, Object> h;
    try {
      h = handler();
    } catch (RuntimeException | Error e) {
      return new Start(
          requestId,
          deadline,
          null,
          null,
          Outcome.error("the handler could not be made: " + e, "Unhandled", requestId));
    }
    LambdaContext context =
        new LambdaContext(
            requestId,
            mapping.functionName(),
            mapping.functionArn(),
            memoryMb,
            deadline,
            functionLog);
    return new Start(requestId, deadline, h, context, null);
  }

  private Outcome call(Object event, List<Entry> batch, boolean windowed) {
    Start start = start();
    if (start.failure() != null) {
      return start.failure();
    }
    String requestId = start.requestId();
    long deadline = start.deadline();
    Future<Object> future;
    try {
      future = threads.submit(() -> start.handler().handleRequest(event, start.context()));
    } catch (RuntimeException e) {
      return Outcome.error("no invocation thread: " + e, "Unhandled", requestId);
    }
    Object response;
    try {
      response = future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      handler = null;
      return timedOut(requestId);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return Outcome.error(
          cause.getClass().getName() + ": " + cause.getMessage(), "Unhandled", requestId);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return Outcome.error("interrupted", null, requestId);
    }
    return answer(response, batch, windowed, requestId);
  }

  /**
   * A random (version 4) UUID as Lambda's request ids are, from a thread-local generator: an id,
   * not a secret, so it need not cost a {@code SecureRandom} call (and its lock) per invocation.
   */
  static String requestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }

  /** Reads the function's answer: batch item failures and window state, by Lambda's rules. */
  private Outcome answer(Object response, List<Entry> batch, boolean windowed, String requestId) {
    boolean report = mapping.reportBatchItemFailures();
    if (!report && !windowed) {
      return Outcome.success(null, requestId);
    }
    JsonNode tree;
    try {
      tree = response == null ? null : JSON.valueToTree(response);
    } catch (IllegalArgumentException e) {
      return Outcome.error("malformed response: " + e.getMessage(), null, requestId);
    }
    if (tree != null && tree.isNull()) {
      tree = null;
    }
    if (tree != null && !tree.isObject()) {
      return Outcome.error(
          "malformed response: not an object but " + shorten(tree), null, requestId);
    }
    Map<String, String> state = null;
    if (windowed) {
      JsonNode s = tree == null ? null : tree.get("state");
      if (s == null || !s.isObject()) {
        return Outcome.error(
            "malformed response: a tumbling-window function must return its state",
            null,
            requestId);
      }
      state = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = s.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        state.put(
            f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
      }
    }
    JsonNode failures = report && tree != null ? tree.get("batchItemFailures") : null;
    if (failures == null || failures.isNull() || failures.isEmpty() && failures.isArray()) {
      return Outcome.success(state, requestId);
    }
    if (!failures.isArray()) {
      return Outcome.error("malformed response: batchItemFailures is not a list", null, requestId);
    }
    int first = Integer.MAX_VALUE;
    for (JsonNode f : failures) {
      JsonNode id = f.isObject() ? f.get("itemIdentifier") : null;
      if (id == null || !id.isTextual() || id.asText().isEmpty()) {
        return Outcome.error(
            "malformed response: batch item failure without an itemIdentifier: " + shorten(f),
            null,
            requestId);
      }
      int at = indexOf(batch, id.asText());
      if (at < 0) {
        return Outcome.error(
            "malformed response: itemIdentifier " + id.asText() + " is not in the batch",
            null,
            requestId);
      }
      first = Math.min(first, at);
    }
    return Outcome.partial(first, state, requestId);
  }

  private static int indexOf(List<Entry> batch, String sequenceNumber) {
    for (int i = 0; i < batch.size(); i++) {
      if (batch.get(i).record.sequenceNumber().equals(sequenceNumber)) {
        return i;
      }
    }
    return -1;
  }

  private static String shorten(JsonNode node) {
    String s = node.toString();
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
