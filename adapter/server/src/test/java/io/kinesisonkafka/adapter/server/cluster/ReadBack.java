package io.kinesisonkafka.adapter.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.cluster.PutLoad.Ack;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A stream read back through GetRecords, every shard from TRIM_HORIZON to its end (a closed shard)
 * or to the tip (an open one), parents before children (a child's index is always higher than its
 * parents'), and the checks every fault test makes against what {@link PutLoad} saw acknowledged.
 */
final class ReadBack {
  /** One record as GetRecords returned it. */
  record Read(String shardId, BigInteger sequenceNumber, String key, String id) {}

  private final List<Read> records;
  private final List<Shard> shards;

  private ReadBack(List<Read> records, List<Shard> shards) {
    this.records = records;
    this.shards = shards;
  }

  /** Reads every shard of {@code stream}, parents first. */
  static ReadBack of(KinesisClient kinesis, String stream) {
    List<Shard> shards = new ArrayList<>();
    String token = null;
    do {
      String next = token;
      ListShardsResponse page =
          kinesis.listShards(
              r -> {
                if (next == null) {
                  r.streamName(stream);
                } else {
                  r.nextToken(next);
                }
              });
      shards.addAll(page.shards());
      token = page.nextToken();
    } while (token != null);
    shards.sort(Comparator.comparing(Shard::shardId));
    List<Read> records = new ArrayList<>();
    for (Shard shard : shards) {
      String iterator =
          kinesis
              .getShardIterator(
                  r ->
                      r.streamName(stream)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (iterator != null) {
        String it = iterator;
        GetRecordsResponse got = kinesis.getRecords(r -> r.shardIterator(it).limit(10_000));
        got.records()
            .forEach(
                r ->
                    records.add(
                        new Read(
                            shard.shardId(),
                            new BigInteger(r.sequenceNumber()),
                            r.partitionKey(),
                            r.data().asUtf8String())));
        iterator = got.nextShardIterator();
        if (got.records().isEmpty() && Long.valueOf(0).equals(got.millisBehindLatest())) {
          break; // the tip of an open shard
        }
        assertThat(System.nanoTime() - deadline).as("reading " + shard.shardId()).isNegative();
      }
    }
    return new ReadBack(records, shards);
  }

  /** Records read some other way (SubscribeToShard), each key's in the order they were read. */
  static ReadBack ofRecords(List<Read> records) {
    return new ReadBack(List.copyOf(records), List.of());
  }

  List<Shard> shards() {
    return shards;
  }

  List<Read> records() {
    return records;
  }

  /** Ids read more than once, with how many extra copies each has. */
  Map<String, Integer> duplicates() {
    Map<String, Integer> copies = new HashMap<>();
    records.forEach(r -> copies.merge(r.id(), 1, Integer::sum));
    Map<String, Integer> extra = new HashMap<>();
    copies.forEach(
        (id, n) -> {
          if (n > 1) {
            extra.put(id, n - 1);
          }
        });
    return extra;
  }

  /**
   * Every acknowledged record is read back at the shard and sequence number it was acknowledged
   * with; each key's acknowledged records are read in acknowledgement order (first copies), and
   * their sequence numbers increase within a shard; an id read twice went out in a call the SDK
   * retried.
   */
  void assertHolds(List<List<Ack>> acksByWriter, Set<String> idsInRetriedCalls) {
    Map<String, String> idAt = new HashMap<>();
    for (Read r : records) {
      idAt.put(r.shardId() + "/" + r.sequenceNumber(), r.id());
    }
    Map<String, List<String>> ackedByKey = new HashMap<>();
    Set<String> acked = new java.util.HashSet<>();
    List<String> missing = new ArrayList<>();
    for (List<Ack> writer : acksByWriter) {
      Map<String, Ack> lastByKey = new HashMap<>();
      for (Ack a : writer) {
        acked.add(a.id());
        ackedByKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a.id());
        if (!a.id().equals(idAt.get(a.shardId() + "/" + a.sequenceNumber()))) {
          missing.add(a.id() + "@" + a.shardId() + "/" + a.sequenceNumber());
        }
        Ack before = lastByKey.put(a.key(), a);
        if (before != null && before.shardId().equals(a.shardId())) {
          assertThat(a.sequenceNumber())
              .as("sequence number of %s after %s (key %s)", a.id(), before.id(), a.key())
              .isGreaterThan(before.sequenceNumber());
        }
      }
    }
    assertThat(missing)
        .as("acknowledged records not read back at their shard and sequence number")
        .isEmpty();

    Map<String, LinkedHashSet<String>> readByKey = new HashMap<>();
    for (Read r : records) {
      if (acked.contains(r.id())) {
        readByKey.computeIfAbsent(r.key(), k -> new LinkedHashSet<>()).add(r.id());
      }
    }
    for (Map.Entry<String, List<String>> e : ackedByKey.entrySet()) {
      assertThat(List.copyOf(readByKey.getOrDefault(e.getKey(), new LinkedHashSet<>())))
          .as("key %s read back in acknowledgement order", e.getKey())
          .containsExactlyElementsOf(e.getValue());
    }
    assertThat(duplicates().keySet())
        .as("duplicates that no SDK retry explains")
        .isSubsetOf(idsInRetriedCalls);
  }
}
