package io.kinesisonkafka.adapter.server.operations;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardSubscription;
import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.ShardIteratorType;
import io.kinesisonkafka.adapter.model.StartingPosition;
import io.kinesisonkafka.adapter.model.SubscriptionEvent;
import io.kinesisonkafka.adapter.server.http.StreamingResponse;
import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Call;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import io.kinesisonkafka.adapter.server.protocol.Replies;
import io.kinesisonkafka.adapter.server.protocol.WireFormat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * SubscribeToShard: validates, then answers with an AWS event stream: an {@code initial-response}
 * event, SubscribeToShardEvents as records arrive and at least every few seconds when idle, and a
 * clean end after the subscription's lifetime (5 minutes) or at the end of a closed shard. No
 * subscription has a thread: each asks the engine for its next event only while the client's stream
 * has room (a slow reader gets back-pressure, not a growing buffer, and stalls nobody), and the
 * event is written on the engine's delivery thread that completed it.
 */
final class SubscribeToShardOperation implements Operation {
  private static final Logger log = LoggerFactory.getLogger(SubscribeToShardOperation.class);
  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  private final KinesisEngine engine;
  private final ScheduledExecutorService timer;
  private final Duration lifetime;
  private final Duration heartbeat;

  SubscribeToShardOperation(
      KinesisEngine engine, ScheduledExecutorService timer, Duration lifetime, Duration heartbeat) {
    this.engine = engine;
    this.timer = timer;
    this.lifetime = lifetime;
    this.heartbeat = heartbeat;
  }

  @Override
  public CompletionStage<Reply> invoke(Input in, Call call) {
    Input position = in.object("StartingPosition");
    if (position == null) {
      throw InputChecks.required("startingPosition");
    }
    StartingPosition start =
        new StartingPosition(
            Shapes.enumOf(
                ShardIteratorType.class, "startingPosition.type", position.string("Type")),
            position.string("SequenceNumber"),
            position.timestamp("Timestamp"));
    ShardSubscription subscription =
        engine.subscribeToShard(in.string("ConsumerARN"), in.string("ShardId"), start);
    StreamingResponse stream;
    try {
      stream = call.stream(Map.of("content-type", EVENT_STREAM));
      stream.onClosed(subscription::close);
      stream.write(event(call.format(), "initial-response", Body.EMPTY));
      new Pump(subscription, stream, call.format()).start();
    } catch (RuntimeException e) {
      subscription.close();
      throw e;
    }
    return CompletableFuture.completedFuture(Reply.STREAMED);
  }

  /**
   * Moves one subscription's events to its stream without a thread of its own: asks the engine for
   * the next event only while the stream is writable, writes it on the thread that completes it,
   * and asks again (or waits for writability). A timer ends it after its lifetime even when the
   * client stopped reading.
   */
  private final class Pump {
    private final ShardSubscription subscription;
    private final StreamingResponse stream;
    private final WireFormat format;
    private final long deadline = System.nanoTime() + lifetime.toNanos();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile ScheduledFuture<?> lifetimeEnd;

    Pump(ShardSubscription subscription, StreamingResponse stream, WireFormat format) {
      this.subscription = subscription;
      this.stream = stream;
      this.format = format;
    }

    void start() {
      lifetimeEnd = timer.schedule(this::finish, lifetime.toNanos(), TimeUnit.NANOSECONDS);
      stream.onClosed(this::finish);
      request();
    }

    private void request() {
      if (finished.get()) {
        return;
      }
      long remaining = deadline - System.nanoTime();
      if (stream.isClosed() || remaining <= 0) {
        finish();
        return;
      }
      if (!stream.isWritable()) {
        stream.onWritable(this::request);
        return;
      }
      Duration wait = Duration.ofNanos(Math.max(1, Math.min(remaining, heartbeat.toNanos())));
      try {
        subscription.nextEvent(wait).whenComplete(this::deliver);
      } catch (RuntimeException e) {
        deliver(null, e);
      }
    }

    private void deliver(SubscriptionEvent event, Throwable error) {
      if (finished.get() || stream.isClosed()) {
        finish();
        return;
      }
      try {
        if (error != null) {
          fail(
              error instanceof CompletionException && error.getCause() != null
                  ? error.getCause()
                  : error);
          return;
        }
        stream.write(event(format, "SubscribeToShardEvent", body(event)));
        if (event.shardEnded()) {
          finish();
        } else {
          request();
        }
      } catch (RuntimeException e) {
        fail(e);
      }
    }

    private void fail(Throwable error) {
      if (error instanceof KinesisException e) {
        stream.write(exception(format, e.code(), e.getMessage()));
      } else {
        log.error("Subscription failed", error);
        stream.write(
            exception(format, KinesisErrorCode.INTERNAL_FAILURE, "Internal service failure."));
      }
      finish();
    }

    private void finish() {
      if (!finished.compareAndSet(false, true)) {
        return;
      }
      ScheduledFuture<?> end = lifetimeEnd;
      if (end != null) {
        end.cancel(false);
      }
      subscription.close();
      if (!stream.isClosed()) {
        stream.end();
      }
    }
  }

  private static Body body(SubscriptionEvent e) {
    return Body.sized(
        Shapes.recordsSize(e.records()) + 256,
        out -> {
          out.objects("Records", e.records(), Shapes::record)
              .string("ContinuationSequenceNumber", e.continuationSequenceNumber())
              .number("MillisBehindLatest", e.millisBehindLatest());
          Shapes.childShards(out, e.childShards());
        });
  }

  static byte[] event(WireFormat format, String eventType, Body body) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", HeaderValue.fromString("event"));
    headers.put(":event-type", HeaderValue.fromString(eventType));
    headers.put(":content-type", HeaderValue.fromString(format.contentType()));
    return encode(new Message(headers, Replies.body(format, body)));
  }

  static byte[] exception(WireFormat format, KinesisErrorCode code, String message) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", HeaderValue.fromString("exception"));
    headers.put(":exception-type", HeaderValue.fromString(code.wireName()));
    headers.put(":content-type", HeaderValue.fromString(format.contentType()));
    return encode(
        new Message(headers, Replies.body(format, out -> out.string("message", message))));
  }

  private static byte[] encode(Message message) {
    java.nio.ByteBuffer buffer = message.toByteBuffer();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
