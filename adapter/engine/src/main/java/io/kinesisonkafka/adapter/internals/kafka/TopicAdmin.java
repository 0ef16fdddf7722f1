package io.kinesisonkafka.adapter.internals.kafka;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Topic-level operations on Kafka, each bounded by a timeout and translated into {@link
 * KinesisException}s. Blocking; callers are control-plane threads, never the I/O threads.
 */
public final class TopicAdmin implements AutoCloseable {
  private final Admin admin;
  private final Duration timeout;
  private final short replicationFactor;

  /** Offsets of one partition: the log start and the high watermark. */
  public record Offsets(long earliest, long latest) {}

  public TopicAdmin(KafkaSettings kafka, short replicationFactor, Duration timeout) {
    this.admin = Admin.create(kafka.admin("admin"));
    this.replicationFactor = replicationFactor;
    this.timeout = timeout;
  }

  /** Creates the single-partition catalog topic if missing: LogAppendTime, never deleted. */
  public void ensureCatalogTopic(String topic) {
    Map<String, String> configs =
        Map.of(
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime",
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    createTopic(topic, 1, configs);
    awaitLeaders(topic, List.of(0));
  }

  /**
   * Creates the single-partition coordination topic if missing: LogAppendTime (claims are decided
   * on the broker's clock), kept an hour (readers need only its last minutes).
   */
  public void ensureCoordinationTopic(String topic) {
    Map<String, String> configs =
        Map.of(
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
            "LogAppendTime",
            TopicConfig.RETENTION_MS_CONFIG,
            Long.toString(TimeUnit.HOURS.toMillis(1)),
            TopicConfig.SEGMENT_MS_CONFIG,
            Long.toString(TimeUnit.MINUTES.toMillis(10)),
            TopicConfig.CLEANUP_POLICY_CONFIG,
            TopicConfig.CLEANUP_POLICY_DELETE);
    createTopic(topic, 1, configs);
    awaitLeaders(topic, List.of(0));
  }

  /** Creates a stream's topic; returns false when it already existed. */
  public boolean createStreamTopic(
      String topic, int partitions, long retentionMs, int maxMessageBytes) {
    Map<String, String> configs = new HashMap<>();
    configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
    configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
    configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes));
    return createTopic(topic, partitions, configs);
  }

  private boolean createTopic(String topic, int partitions, Map<String, String> configs) {
    NewTopic newTopic =
        new NewTopic(
                topic,
                Optional.of(partitions),
                replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty())
            .configs(configs);
    try {
      get(admin.createTopics(List.of(newTopic)).all());
      return true;
    } catch (KafkaCause e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw e.translate("create topic " + topic);
    }
  }

  public boolean topicExists(String topic) {
    try {
      get(admin.describeTopics(List.of(topic)).allTopicNames());
      return true;
    } catch (KafkaCause e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw e.translate("describe topic " + topic);
    }
  }

  public int partitionCount(String topic) {
    try {
      TopicDescription d = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
      return d.partitions().size();
    } catch (KafkaCause e) {
      throw e.translate("describe topic " + topic);
    }
  }

  /** Grows the topic to at least {@code total} partitions; idempotent. */
  public void ensurePartitions(String topic, int total) {
    if (partitionCount(topic) >= total) {
      return;
    }
    try {
      get(admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(total))).all());
    } catch (KafkaCause e) {
      if (!(e.getCause() instanceof InvalidPartitionsException)) {
        throw e.translate("add partitions to " + topic);
      }
    }
  }

  /**
   * Waits until every listed partition's leader answers a ListOffsets request. A topic that only
   * shows leaders in its metadata can still stall a fresh idempotent producer (KAFKA-15591).
   */
  public void awaitLeaders(String topic, Collection<Integer> partitions) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        latestOffsets(topic, partitions);
        return;
      } catch (KinesisException e) {
        if (System.nanoTime() - deadline > 0) {
          throw e;
        }
        sleep(50);
      }
    }
  }

  public Map<Integer, Long> latestOffsets(String topic, Collection<Integer> partitions) {
    return listOffsets(topic, partitions, OffsetSpec.latest());
  }

  public Offsets offsets(String topic, int partition) {
    long earliest = listOffsets(topic, List.of(partition), OffsetSpec.earliest()).get(partition);
    long latest = listOffsets(topic, List.of(partition), OffsetSpec.latest()).get(partition);
    return new Offsets(earliest, latest);
  }

  /** The first offset whose timestamp is at or after {@code timestampMillis}; -1 if none. */
  public long offsetForTime(String topic, int partition, long timestampMillis) {
    return listOffsets(topic, List.of(partition), OffsetSpec.forTimestamp(timestampMillis))
        .get(partition);
  }

  private Map<Integer, Long> listOffsets(
      String topic, Collection<Integer> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p : partitions) {
      request.put(new TopicPartition(topic, p), spec);
    }
    try {
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
          get(admin.listOffsets(request).all());
      Map<Integer, Long> offsets = new HashMap<>();
      result.forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
      return offsets;
    } catch (KafkaCause e) {
      throw e.translate("list offsets of " + topic);
    }
  }

  public void setTopicConfigs(String topic, Map<String, String> configs) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    List<AlterConfigOp> ops = new ArrayList<>();
    configs.forEach(
        (k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
    try {
      get(admin.incrementalAlterConfigs(Map.of(resource, ops)).all());
    } catch (KafkaCause e) {
      throw e.translate("alter configs of " + topic);
    }
  }

  /** Deletes the topic and waits until Kafka no longer lists it. */
  public void deleteTopic(String topic) {
    try {
      get(admin.deleteTopics(List.of(topic)).all());
    } catch (KafkaCause e) {
      if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
        throw e.translate("delete topic " + topic);
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (topicListed(topic)) {
      if (System.nanoTime() - deadline > 0) {
        throw new KinesisException(
            KinesisErrorCode.INTERNAL_FAILURE, "topic " + topic + " still listed after deletion");
      }
      sleep(50);
    }
  }

  private boolean topicListed(String topic) {
    try {
      Set<String> names = get(admin.listTopics().names());
      return names.contains(topic);
    } catch (KafkaCause e) {
      throw e.translate("list topics");
    }
  }

  private <T> T get(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaCause(e);
    } catch (ExecutionException e) {
      throw new KafkaCause(e.getCause());
    } catch (TimeoutException e) {
      throw new KafkaCause(e);
    }
  }

  /**
   * Runs a start-up step until it succeeds, fails for good or {@code within} has passed: a process
   * started together with its cluster (or on a loaded machine) meets admin calls that time out
   * while the brokers settle, and a single request timeout must not end its start. A creation that
   * timed out but happened is found existing on the next try.
   */
  public static void retryAtStart(Duration within, Runnable step) {
    long deadline = System.nanoTime() + within.toNanos();
    long pause = 100;
    while (true) {
      try {
        step.run();
        return;
      } catch (KinesisException e) {
        if (!e.retriable() || System.nanoTime() + pause * 1_000_000 > deadline) {
          throw e;
        }
      }
      sleep(pause);
      pause = Math.min(pause * 2, 2_000);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "interrupted", e);
    }
  }

  /** Carries a Kafka failure until the caller decides whether it is expected. */
  private static final class KafkaCause extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaCause(Throwable cause) {
      super(cause);
    }

    KinesisException translate(String what) {
      return KafkaErrors.translate(what, getCause());
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
