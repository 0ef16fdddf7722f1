package io.kinesisonkafka.connect.internals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Lists the streams a source copies and their shards (ListStreams, ListShards, all pages). */
public final class ShardLister {
  private static final Logger log = LoggerFactory.getLogger(ShardLister.class);

  private final KinesisClient kinesis;

  public ShardLister(KinesisClient kinesis) {
    this.kinesis = kinesis;
  }

  /** The named streams, plus every existing stream whose whole name matches {@code pattern}. */
  public List<String> streams(List<String> named, Pattern pattern) {
    TreeSet<String> streams = new TreeSet<>(named);
    if (pattern != null) {
      String start = null;
      while (true) {
        String exclusiveStart = start;
        ListStreamsResponse page =
            kinesis.listStreams(
                r -> {
                  r.limit(100);
                  if (exclusiveStart != null) {
                    r.exclusiveStartStreamName(exclusiveStart);
                  }
                });
        for (String name : page.streamNames()) {
          if (pattern.matcher(name).matches()) {
            streams.add(name);
          }
        }
        if (!Boolean.TRUE.equals(page.hasMoreStreams()) || page.streamNames().isEmpty()) {
          break;
        }
        start = page.streamNames().get(page.streamNames().size() - 1);
      }
    }
    return new ArrayList<>(streams);
  }

  /** Every shard of the stream that ListShards still shows, open and closed, in its order. */
  public List<ShardInfo> shards(String stream) {
    List<ShardInfo> shards = new ArrayList<>();
    String next = null;
    do {
      ListShardsRequest request =
          next == null
              ? ListShardsRequest.builder().streamName(stream).build()
              : ListShardsRequest.builder().nextToken(next).build();
      ListShardsResponse page = kinesis.listShards(request);
      for (Shard s : page.shards()) {
        shards.add(
            new ShardInfo(
                stream,
                s.shardId(),
                s.parentShardId(),
                s.adjacentParentShardId(),
                new BigInteger(s.hashKeyRange().startingHashKey()),
                new BigInteger(s.hashKeyRange().endingHashKey()),
                s.sequenceNumberRange() != null
                    && s.sequenceNumberRange().endingSequenceNumber() != null));
      }
      next = page.nextToken();
    } while (next != null);
    return shards;
  }

  /**
   * The shards of the named streams and of those matching {@code pattern}, for a source's
   * discovery. A stream Kinesis does not list shards of yet (ResourceInUseException: being created)
   * keeps {@code previous}'s shards of it, none when it is new; a stream matched by the pattern
   * that is gone by the time its shards are asked for (deleted since ListStreams) is left out.
   * Neither is an error: a later round lists them. A named stream that does not exist is.
   *
   * @param previous the shards the last round found; empty for the first
   */
  public List<ShardInfo> shards(List<String> named, Pattern pattern, List<ShardInfo> previous) {
    List<ShardInfo> all = new ArrayList<>();
    for (String stream : streams(named, pattern)) {
      try {
        all.addAll(shards(stream));
      } catch (ResourceInUseException e) {
        log.info("Stream {} is not active yet ({}); listed again next round", stream, message(e));
        previous.stream().filter(s -> s.stream().equals(stream)).forEach(all::add);
      } catch (ResourceNotFoundException e) {
        if (named.contains(stream)) {
          throw e;
        }
        log.info("Stream {} matched the pattern but is gone ({})", stream, message(e));
      }
    }
    return all;
  }

  private static String message(AwsServiceException e) {
    return e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
  }
}
