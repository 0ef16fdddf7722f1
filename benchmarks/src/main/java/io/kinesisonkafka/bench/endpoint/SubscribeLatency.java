package io.kinesisonkafka.bench.endpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * SubscribeToShard end-to-end latency: the async client (Netty, HTTP/2) subscribed to a shard
 * through a registered consumer while the sync client puts a record every few milliseconds; from
 * the put call to the event's arrival in the subscriber. The baseline is a KafkaProducer feeding a
 * KafkaConsumer that long-polls with the settings the server's subscriptions use.
 */
final class SubscribeLatency {
  private final int warmup;
  private final int samples;
  private final int recordBytes;
  private final Duration interval;

  SubscribeLatency(int warmup, int samples, int recordBytes, Duration interval) {
    this.warmup = warmup;
    this.samples = samples;
    this.recordBytes = recordBytes;
    this.interval = interval;
  }

  EndToEnd.Result sdk(
      KinesisClient putter,
      KinesisAsyncClient subscriber,
      String stream,
      String consumerArn,
      String shardId)
      throws Exception {
    EndToEnd measurement = new EndToEnd(warmup, samples, recordBytes);
    CompletableFuture<Void> responded = new CompletableFuture<>();
    SubscribeToShardResponseHandler handler =
        SubscribeToShardResponseHandler.builder()
            .onResponse(r -> responded.complete(null))
            .onError(
                t -> {
                  responded.completeExceptionally(t);
                  measurement.failed(t);
                })
            .subscriber(
                SubscribeToShardResponseHandler.Visitor.builder()
                    .onSubscribeToShardEvent(
                        e -> {
                          long now = System.nanoTime();
                          for (Record r : e.records()) {
                            measurement.received(
                                ByteBuffer.wrap(r.data().asByteArrayUnsafe()),
                                now,
                                r.approximateArrivalTimestamp().toEpochMilli());
                          }
                        })
                    .build())
            .build();
    CompletableFuture<Void> call =
        subscriber.subscribeToShard(
            r ->
                r.consumerARN(consumerArn)
                    .shardId(shardId)
                    .startingPosition(p -> p.type(ShardIteratorType.LATEST)),
            handler);
    responded.get(30, TimeUnit.SECONDS);
    try {
      return measurement.run(
          data ->
              putter.putRecord(
                  r ->
                      r.streamName(stream)
                          .partitionKey("e2e")
                          .data(SdkBytes.fromByteArrayUnsafe(data))),
          interval);
    } finally {
      call.cancel(true);
    }
  }

  EndToEnd.Result kafka(KafkaProducer<byte[], byte[]> producer, KafkaTarget raw, String topic)
      throws Exception {
    EndToEnd measurement = new EndToEnd(warmup, samples, recordBytes);
    TopicPartition tp = new TopicPartition(topic, 0);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Void> positioned = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              // The settings of the server's SubscribeToShard readers (ShardSubscriber).
              try (KafkaConsumer<byte[], byte[]> consumer =
                  new KafkaConsumer<>(raw.reader("subscriber", 10_000, 500))) {
                consumer.assign(Set.of(tp));
                consumer.seekToEnd(Set.of(tp));
                consumer.position(tp);
                positioned.complete(null);
                while (!stop.get()) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    measurement.received(
                        ByteBuffer.wrap(r.value()), System.nanoTime(), r.timestamp());
                  }
                }
              } catch (Throwable t) {
                positioned.completeExceptionally(t);
                measurement.failed(t);
              }
            },
            "bench-raw-e2e");
    reader.start();
    try {
      positioned.get(30, TimeUnit.SECONDS);
      byte[] key = "e2e".getBytes(StandardCharsets.UTF_8);
      return measurement.run(
          data -> producer.send(new ProducerRecord<>(topic, key, data)).get(), interval);
    } finally {
      stop.set(true);
      reader.join();
    }
  }
}
