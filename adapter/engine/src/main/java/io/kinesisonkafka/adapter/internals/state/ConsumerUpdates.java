package io.kinesisonkafka.adapter.internals.state;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.LIMIT_EXCEEDED;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_IN_USE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;

/** Applies enhanced fan-out consumer commands to a stream; part of {@link CatalogApplier}. */
final class ConsumerUpdates {
  private final String account;

  ConsumerUpdates(String account) {
    this.account = account;
  }

  Outcome apply(
      StreamState stream, StreamState.Builder b, CatalogCommand.ConsumerCommand c, long timestamp) {
    StreamState.ConsumerState existing = stream.consumers().get(c.consumer());
    if (c instanceof CatalogCommand.RegisterConsumer r) {
      if (existing != null) {
        return Outcome.rejected(
            RESOURCE_IN_USE,
            "Consumer %s under stream %s already exists for account %s."
                .formatted(c.consumer(), c.stream(), account));
      }
      if (!stream.acceptsWrites()) {
        return Outcome.rejected(
            RESOURCE_IN_USE,
            "Stream %s under account %s not ACTIVE, instead in state %s"
                .formatted(stream.name(), account, stream.status()));
      }
      if (stream.consumers().size() >= r.maxConsumers()) {
        return Outcome.rejected(
            LIMIT_EXCEEDED,
            "Stream %s under account %s has the maximum of %d consumers."
                .formatted(c.stream(), account, r.maxConsumers()));
      }
      b.consumers.put(c.consumer(), new StreamState.ConsumerState(c.consumer(), timestamp, false));
    } else if (c instanceof CatalogCommand.ConsumerReady) {
      if (existing == null) {
        return Outcome.rejected(RESOURCE_NOT_FOUND, "consumer " + c.consumer() + " not found");
      }
      b.consumers.put(
          c.consumer(),
          new StreamState.ConsumerState(c.consumer(), existing.createdAtMillis(), true));
    } else {
      if (existing == null) {
        return Outcome.rejected(
            RESOURCE_NOT_FOUND,
            "Consumer %s under stream %s not found for account %s."
                .formatted(c.consumer(), c.stream(), account));
      }
      b.consumers.remove(c.consumer());
    }
    return Outcome.ACCEPTED;
  }
}
