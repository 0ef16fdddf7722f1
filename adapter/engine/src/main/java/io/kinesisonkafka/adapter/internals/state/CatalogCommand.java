package io.kinesisonkafka.adapter.internals.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.kinesisonkafka.adapter.model.StreamMode;
import java.util.List;
import java.util.Map;

/**
 * The commands of the catalog log. Every instance applies them in log order with {@link
 * CatalogApplier}; a command that could conflict names the stream version it was based on, so the
 * first one for a version wins everywhere. Limits the applier enforces travel in the command, so
 * the decision never depends on the applying instance's configuration.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CatalogCommand.InitCluster.class, name = "InitCluster"),
  @JsonSubTypes.Type(value = CatalogCommand.CreateStream.class, name = "CreateStream"),
  @JsonSubTypes.Type(value = CatalogCommand.StreamReady.class, name = "StreamReady"),
  @JsonSubTypes.Type(value = CatalogCommand.DeleteStream.class, name = "DeleteStream"),
  @JsonSubTypes.Type(value = CatalogCommand.StreamDeleted.class, name = "StreamDeleted"),
  @JsonSubTypes.Type(value = CatalogCommand.UpdateStream.class, name = "UpdateStream"),
  @JsonSubTypes.Type(value = CatalogCommand.BeginReshard.class, name = "BeginReshard"),
  @JsonSubTypes.Type(value = CatalogCommand.CompleteReshard.class, name = "CompleteReshard"),
  @JsonSubTypes.Type(value = CatalogCommand.RegisterConsumer.class, name = "RegisterConsumer"),
  @JsonSubTypes.Type(value = CatalogCommand.ConsumerReady.class, name = "ConsumerReady"),
  @JsonSubTypes.Type(value = CatalogCommand.DeregisterConsumer.class, name = "DeregisterConsumer"),
})
public sealed interface CatalogCommand {

  /** The first of these sets the key that authenticates shard iterators; later ones lose. */
  record InitCluster(String iteratorKey) implements CatalogCommand {}

  record CreateStream(
      String stream,
      int shardCount,
      StreamMode mode,
      int maxRecordSizeKiB,
      Map<String, String> tags,
      int maxStreamsCreating,
      int shardLimit)
      implements CatalogCommand {}

  /** The topic exists and every partition's leader answers. */
  record StreamReady(String stream, long incarnation) implements CatalogCommand {}

  record DeleteStream(String stream, long incarnation, boolean enforceConsumerDeletion)
      implements CatalogCommand {}

  /** The topic is gone. */
  record StreamDeleted(String stream, long incarnation) implements CatalogCommand {}

  record UpdateStream(String stream, long incarnation, StreamUpdate update)
      implements CatalogCommand {}

  /**
   * Freezes the parents of {@code actions} and announces their children. {@code scalingTarget}
   * marks a phase of UpdateShardCount.
   */
  record BeginReshard(
      String stream,
      long incarnation,
      long expectedVersion,
      List<ReshardAction> actions,
      Integer scalingTarget,
      int shardLimit,
      int maxScalingsPerDay)
      implements CatalogCommand {}

  /** Closes the frozen parents at these Kafka offsets and opens their children. */
  record CompleteReshard(
      String stream, long incarnation, long expectedVersion, Map<Integer, Long> parentEndOffsets)
      implements CatalogCommand {}

  /** Commands about one enhanced fan-out consumer of a stream. */
  sealed interface ConsumerCommand extends CatalogCommand {
    String stream();

    long incarnation();

    String consumer();
  }

  record RegisterConsumer(String stream, long incarnation, String consumer, int maxConsumers)
      implements ConsumerCommand {}

  record ConsumerReady(String stream, long incarnation, String consumer)
      implements ConsumerCommand {}

  record DeregisterConsumer(String stream, long incarnation, String consumer)
      implements ConsumerCommand {}

  /** Changes to a stream's settings that need no version check. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = StreamUpdate.AddTags.class, name = "AddTags"),
    @JsonSubTypes.Type(value = StreamUpdate.RemoveTags.class, name = "RemoveTags"),
    @JsonSubTypes.Type(value = StreamUpdate.Retention.class, name = "Retention"),
    @JsonSubTypes.Type(value = StreamUpdate.Mode.class, name = "Mode"),
    @JsonSubTypes.Type(value = StreamUpdate.MaxRecordSize.class, name = "MaxRecordSize"),
    @JsonSubTypes.Type(value = StreamUpdate.Monitoring.class, name = "Monitoring"),
    @JsonSubTypes.Type(value = StreamUpdate.Encryption.class, name = "Encryption"),
  })
  sealed interface StreamUpdate {
    record AddTags(Map<String, String> tags) implements StreamUpdate {}

    record RemoveTags(List<String> keys) implements StreamUpdate {}

    record Retention(int hours, boolean increase) implements StreamUpdate {}

    record Mode(StreamMode mode) implements StreamUpdate {}

    record MaxRecordSize(int kib) implements StreamUpdate {}

    record Monitoring(List<String> metrics, boolean enable) implements StreamUpdate {}

    record Encryption(String encryptionType, String keyId) implements StreamUpdate {}
  }
}
