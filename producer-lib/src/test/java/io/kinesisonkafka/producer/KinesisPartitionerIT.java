package io.kinesisonkafka.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.embedded.SharedKafka;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KinesisPartitionerIT {
  static TestStreams streams;

  @BeforeAll
  static void start() {
    streams = new TestStreams(SharedKafka.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    streams.close();
  }

  @Test
  void aPlainKafkaProducerWritesEachKeyToTheShardKinesisRoutesItToAcrossASplit() throws Exception {
    StreamRef ref = streams.createActive("partitioned", 3);
    Map<String, Object> settings =
        Map.of(
            "bootstrap.servers",
            streams.bootstrapServers,
            "key.serializer",
            StringSerializer.class,
            "value.serializer",
            StringSerializer.class,
            "partitioner.class",
            KinesisPartitioner.class,
            KinesisPartitioner.TOPIC_PREFIX_CONFIG,
            streams.config.topicPrefix(),
            KinesisPartitioner.CATALOG_TOPIC_CONFIG,
            streams.config.catalogTopic());
    String topic = streams.topic("partitioned");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
      for (int i = 0; i < 300; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "before-" + i)).get();
      }
      Shard first = streams.shards(ref).get(0);
      BigInteger middle =
          first
              .hashKeyRange()
              .startingHashKey()
              .add(first.hashKeyRange().endingHashKey())
              .shiftRight(1);
      streams.engine.splitShard(ref, first.shardId(), middle.toString());
      streams.awaitActive("partitioned");
      for (int i = 0; i < 300; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "after-" + i)).get();
      }
    }
    List<Shard> shards = streams.shards(ref);
    assertThat(shards).hasSize(5);
    int read = 0;
    for (Shard shard : shards) {
      boolean open = shard.sequenceNumberRange().endingSequenceNumber() == null;
      for (Record record : streams.readShard(ref, shard.shardId())) {
        read++;
        assertThat(shard.hashKeyRange().contains(HashKeys.ofPartitionKey(record.partitionKey())))
            .isTrue();
        String value = new String(record.data(), StandardCharsets.UTF_8);
        if (shard.shardId().equals(shards.get(0).shardId())) {
          assertThat(value).startsWith("before-");
        } else if (shard.parentShardId() != null) {
          assertThat(value).startsWith("after-");
        }
        assertThat(open || value.startsWith("before-")).isTrue();
      }
    }
    assertThat(read).isEqualTo(600);
  }
}
