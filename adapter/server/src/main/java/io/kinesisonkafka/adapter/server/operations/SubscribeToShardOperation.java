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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * SubscribeToShard: validates, then answers with an AWS event stream: an {@code initial-response}
 * event, SubscribeToShardEvents as records arrive and at least every few seconds when idle, and a
 * clean end after the subscription's lifetime (5 minutes) or at the end of a closed shard. Each
 * subscription is pumped by its own thread, which reads the next batch only while the client's
 * stream has room: a slow reader gets back-pressure, not a growing buffer.
 */
final class SubscribeToShardOperation implements Operation {
  private static final Logger log = LoggerFactory.getLogger(SubscribeToShardOperation.class);
  static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  private final KinesisEngine engine;
  private final ExecutorService pumps;
  private final Duration lifetime;
  private final Duration heartbeat;

  SubscribeToShardOperation(
      KinesisEngine engine, ExecutorService pumps, Duration lifetime, Duration heartbeat) {
    this.engine = engine;
    this.pumps = pumps;
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
      pumps.execute(() -> pump(subscription, stream, call.format()));
    } catch (RuntimeException e) {
      subscription.close();
      throw e;
    }
    return CompletableFuture.completedFuture(Reply.STREAMED);
  }

  private void pump(ShardSubscription subscription, StreamingResponse stream, WireFormat format) {
    long deadline = System.nanoTime() + lifetime.toNanos();
    try {
      while (!stream.isClosed() && System.nanoTime() - deadline < 0) {
        if (!awaitWritable(stream, deadline)) {
          break;
        }
        long remaining = deadline - System.nanoTime();
        Duration wait = Duration.ofNanos(Math.max(1, Math.min(remaining, heartbeat.toNanos())));
        SubscriptionEvent event = subscription.next(wait);
        if (stream.isClosed()) {
          break;
        }
        stream.write(event(format, "SubscribeToShardEvent", body(event)));
        if (event.shardEnded()) {
          break;
        }
      }
    } catch (KinesisException e) {
      if (!stream.isClosed()) {
        stream.write(exception(format, e.code(), e.getMessage()));
      }
    } catch (RuntimeException e) {
      log.error("Subscription failed", e);
      if (!stream.isClosed()) {
        stream.write(
            exception(format, KinesisErrorCode.INTERNAL_FAILURE, "Internal service failure."));
      }
    } finally {
      subscription.close();
      if (!stream.isClosed()) {
        stream.end();
      }
    }
  }

  /** Blocks until the client can take more; false when the stream closed or time ran out. */
  private static boolean awaitWritable(StreamingResponse stream, long deadline) {
    while (!stream.isWritable()) {
      if (stream.isClosed()) {
        return false;
      }
      CompletableFuture<Void> writable = new CompletableFuture<>();
      stream.onWritable(() -> writable.complete(null));
      stream.onClosed(() -> writable.complete(null));
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        return false;
      }
      try {
        writable.get(Math.min(remaining, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        // check again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } catch (java.util.concurrent.ExecutionException e) {
        return false;
      }
    }
    return !stream.isClosed();
  }

  private static Body body(SubscriptionEvent e) {
    return out -> {
      out.objects("Records", e.records(), Shapes::record)
          .string("ContinuationSequenceNumber", e.continuationSequenceNumber())
          .number("MillisBehindLatest", e.millisBehindLatest());
      Shapes.childShards(out, e.childShards());
    };
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
