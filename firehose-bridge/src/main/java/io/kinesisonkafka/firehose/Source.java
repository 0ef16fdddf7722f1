package io.kinesisonkafka.firehose;

import java.util.Objects;

/**
 * Where a delivery stream's records come from. Each is a Kafka topic in the end: the bridge reads
 * its partitions and commits their offsets only after the destination acknowledged.
 */
public sealed interface Source {

  /**
   * Firehose's {@code DirectPut}: PutRecord and PutRecordBatch append to the delivery stream's own
   * topic ({@code <topicPrefix><name>}) and answer once the record is durable there.
   *
   * @param partitions partitions of that topic; each is buffered and delivered on its own
   */
  record DirectPut(int partitions) implements Source {
    public DirectPut {
      if (partitions < 1) {
        throw new IllegalArgumentException("partitions must be >= 1, but was " + partitions);
      }
    }
  }

  /**
   * Firehose's {@code KinesisStreamAsSource}: a stream of the adapter, read from its topic, KPL
   * aggregates de-aggregated before transformation and delivery.
   *
   * @param streamName the Kinesis stream's name
   */
  record KinesisStream(String streamName) implements Source {
    public KinesisStream {
      Objects.requireNonNull(streamName, "streamName");
    }
  }

  /**
   * Any Kafka topic; the record value is the data.
   *
   * @param topic the topic's name
   */
  record KafkaTopic(String topic) implements Source {
    public KafkaTopic {
      Objects.requireNonNull(topic, "topic");
    }
  }
}
