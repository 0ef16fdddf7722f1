package io.kinesisonkafka.streams.internals;

import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.catalog.StreamCatalog;
import io.kinesisonkafka.adapter.catalog.StreamView;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shards from the stream catalog, kept current by its reader thread. */
public final class CatalogShards implements Shards {
  private final StreamCatalog catalog;

  public CatalogShards(StreamCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public String topicOf(String stream) {
    return catalog.topicOf(stream);
  }

  @Override
  public ShardView shard(String stream, int partition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<ShardView> shard = catalog.stream(stream).flatMap(v -> v.shard(partition));
      if (shard.isPresent()) {
        return shard.get();
      }
      CompletableFuture<Void> change = catalog.nextChange();
      shard = catalog.stream(stream).flatMap(v -> v.shard(partition));
      if (shard.isPresent()) {
        return shard.get();
      }
      if (!await(change, deadline)) {
        throw new IllegalStateException(
            "no shard " + partition + " in stream " + stream + " after " + timeout);
      }
    }
  }

  @Override
  public ShardView route(String stream, BigInteger hashKey, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!await(catalog.whenFresh(), deadline)) {
        throw new IllegalStateException("the catalog view is not fresh after " + timeout);
      }
      CompletableFuture<Void> change = catalog.nextChange();
      StreamView view =
          catalog.stream(stream)
              .orElseThrow(() -> new IllegalStateException("no stream " + stream));
      ShardView shard = view.route(hashKey);
      if (!shard.isFrozen()) {
        return shard;
      }
      // A split or merge is closing this shard: its children take the record once it is closed.
      if (!await(change, deadline)) {
        throw new IllegalStateException(
            shard.shardId() + " of stream " + stream + " still frozen after " + timeout);
      }
    }
  }

  private static boolean await(CompletableFuture<Void> future, long deadline) {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      return future.isDone();
    }
    try {
      future.get(remaining, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException("the catalog reader stopped", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public Health health() {
    return catalog.health();
  }

  @Override
  public void close() {
    catalog.close();
  }
}
