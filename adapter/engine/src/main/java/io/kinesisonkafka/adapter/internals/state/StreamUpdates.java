package io.kinesisonkafka.adapter.internals.state;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_IN_USE;

import io.kinesisonkafka.adapter.internals.state.CatalogCommand.StreamUpdate;
import io.kinesisonkafka.adapter.model.StreamStatus;
import java.util.List;
import java.util.TreeSet;

/** Applies settings changes to a stream; part of {@link CatalogApplier}. */
final class StreamUpdates {
  static final int MAX_TAGS = 50;
  static final List<String> ALL_METRICS =
      List.of(
          "IncomingBytes",
          "IncomingRecords",
          "IteratorAgeMilliseconds",
          "OutgoingBytes",
          "OutgoingRecords",
          "ReadProvisionedThroughputExceeded",
          "WriteProvisionedThroughputExceeded");

  private final String account;

  StreamUpdates(String account) {
    this.account = account;
  }

  Outcome apply(StreamState stream, StreamState.Builder b, StreamUpdate update) {
    boolean tagsOnly =
        update instanceof StreamUpdate.AddTags || update instanceof StreamUpdate.RemoveTags;
    boolean allowed =
        stream.status() == StreamStatus.ACTIVE
            || (tagsOnly && stream.status() == StreamStatus.UPDATING);
    if (!allowed) {
      return Outcome.rejected(
          RESOURCE_IN_USE,
          "Stream %s under account %s not ACTIVE, instead in state %s"
              .formatted(stream.name(), account, stream.status()));
    }
    if (update instanceof StreamUpdate.AddTags u) {
      b.tags.putAll(u.tags());
      if (b.tags.size() > MAX_TAGS) {
        return Outcome.rejected(
            INVALID_ARGUMENT,
            ("Failed to add tags to stream %s under account %s because a given stream cannot"
                    + " have more than %d tags associated with it.")
                .formatted(stream.name(), account, MAX_TAGS));
      }
    } else if (update instanceof StreamUpdate.RemoveTags u) {
      u.keys().forEach(b.tags::remove);
    } else if (update instanceof StreamUpdate.Retention u) {
      Outcome checked = checkRetention(stream, u);
      if (!checked.accepted()) {
        return checked;
      }
      b.retentionHours = u.hours();
    } else if (update instanceof StreamUpdate.Mode u) {
      b.mode = u.mode();
    } else if (update instanceof StreamUpdate.MaxRecordSize u) {
      b.maxRecordSizeKiB = u.kib();
    } else if (update instanceof StreamUpdate.Monitoring u) {
      TreeSet<String> metrics = new TreeSet<>(stream.enhancedMonitoring());
      List<String> named = u.metrics().contains("ALL") ? ALL_METRICS : u.metrics();
      if (u.enable()) {
        metrics.addAll(named);
      } else {
        metrics.removeAll(named);
      }
      b.enhancedMonitoring = List.copyOf(metrics);
    } else if (update instanceof StreamUpdate.Encryption u) {
      b.encryptionType = u.encryptionType();
      b.keyId = u.keyId();
    }
    return Outcome.ACCEPTED;
  }

  private static Outcome checkRetention(StreamState stream, StreamUpdate.Retention u) {
    if (u.increase() && u.hours() < stream.retentionHours()) {
      return Outcome.rejected(
          INVALID_ARGUMENT,
          ("Requested retention period (%d hours) for stream %s can not be shorter than"
                  + " existing retention period (%d hours). Use DecreaseRetentionPeriod API.")
              .formatted(u.hours(), stream.name(), stream.retentionHours()));
    }
    if (!u.increase() && u.hours() > stream.retentionHours()) {
      return Outcome.rejected(
          INVALID_ARGUMENT,
          ("Requested retention period (%d hours) for stream %s can not be longer than"
                  + " existing retention period (%d hours). Use IncreaseRetentionPeriod API.")
              .formatted(u.hours(), stream.name(), stream.retentionHours()));
    }
    return Outcome.ACCEPTED;
  }
}
