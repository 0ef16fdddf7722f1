package io.kinesisonkafka.connect.testkit;

import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The AWS SDK v2 against a Kinesis endpoint: writing numbered records and reading them all back.
 */
public final class Kinesis {
  private Kinesis() {}

  /** A sync client with static test credentials. */
  public static KinesisClient client(URI endpoint) {
    return KinesisClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
        // No SDK retries and generous timeouts: a retried PutRecords whose first attempt was taken
        // would write duplicates, which the tests would then blame on the connectors.
        .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(120)))
        .overrideConfiguration(
            o -> o.retryStrategy(r -> r.maxAttempts(1)).apiCallTimeout(Duration.ofSeconds(150)))
        .build();
  }

  /** The connector settings that reach this endpoint. */
  public static Map<String, String> access(URI endpoint) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("kinesis.endpoint", endpoint.toString());
    m.put("aws.region", "us-east-1");
    m.put("aws.access.key.id", "AKIDTEST");
    m.put("aws.secret.access.key", "secret");
    return m;
  }

  /**
   * The sum of this project's server's Prometheus samples (on {@code /metrics}) whose line holds
   * every one of {@code parts}, for example a metric name and a tag.
   */
  public static double serverMetric(URI endpoint, String... parts) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    double sum = 0;
    for (String line : r.body().split("\n")) {
      if (!line.startsWith("#") && Arrays.stream(parts).allMatch(line::contains)) {
        String[] fields = line.trim().split(" ");
        sum += Double.parseDouble(fields[fields.length - 1]);
      }
    }
    return sum;
  }

  /** "key-i:n" as the data of key i's n-th record. */
  public static String data(String key, int n) {
    return key + ":" + n;
  }

  /**
   * Writes {@code perKey} records for each of {@code keys} keys, in rounds of one record per key
   * (so that no PutRecords call holds two records of one key), every {@code aggregateEvery}-th
   * round as KPL aggregates of 3 user records per key; retries failed entries before the next
   * round. Returns the user records written.
   */
  public static int write(
      KinesisClient kinesis, String stream, int keys, int perKey, int aggregateEvery) {
    return write(kinesis, stream, keys, 0, perKey, aggregateEvery);
  }

  /** As {@link #write(KinesisClient, String, int, int, int)}, record numbers {@code from..to-1}. */
  public static int write(
      KinesisClient kinesis, String stream, int keys, int from, int to, int aggregateEvery) {
    int written = 0;
    int n = from;
    while (n < to) {
      boolean aggregate = aggregateEvery > 0 && (n / 3) % aggregateEvery == aggregateEvery - 1;
      int count = aggregate ? Math.min(3, to - n) : 1;
      List<PutRecordsRequestEntry> entries = new ArrayList<>();
      for (int k = 0; k < keys; k++) {
        String key = "key-" + k;
        if (count == 1) {
          entries.add(entry(key, data(key, n).getBytes(StandardCharsets.UTF_8)));
        } else {
          AggregatedRecordBuilder b = new AggregatedRecordBuilder();
          for (int j = 0; j < count; j++) {
            b.tryAdd(key, null, data(key, n + j).getBytes(StandardCharsets.UTF_8));
          }
          var a = b.build();
          entries.add(entry(a.partitionKey(), a.data()));
        }
      }
      putAll(kinesis, stream, entries);
      written += keys * count;
      n += count;
    }
    return written;
  }

  private static PutRecordsRequestEntry entry(String key, byte[] data) {
    return PutRecordsRequestEntry.builder()
        .partitionKey(key)
        .data(SdkBytes.fromByteArray(data))
        .build();
  }

  /** PutRecords until every entry was taken, failed ones again in order. */
  public static void putAll(
      KinesisClient kinesis, String stream, List<PutRecordsRequestEntry> all) {
    List<PutRecordsRequestEntry> todo = all;
    for (int attempt = 0; !todo.isEmpty(); attempt++) {
      if (attempt > 200) {
        throw new IllegalStateException("PutRecords kept failing");
      }
      List<PutRecordsRequestEntry> batch = todo;
      List<PutRecordsRequestEntry> failed = new ArrayList<>();
      // A call that fails as a whole is not retried: some of its records may have been taken.
      PutRecordsResponse r = kinesis.putRecords(b -> b.streamName(stream).records(batch));
      for (int i = 0; i < batch.size(); i++) {
        if (r.records().get(i).errorCode() != null) {
          failed.add(batch.get(i));
        }
      }
      if (!failed.isEmpty()) {
        ConnectCluster.sleep(100);
      }
      todo = failed;
    }
  }

  /** Every user record of the stream, shard by shard (parents first), de-aggregated. */
  public static List<UserRecord> readAll(KinesisClient kinesis, String stream) {
    List<UserRecord> out = new ArrayList<>();
    List<Shard> shards = kinesis.listShards(r -> r.streamName(stream)).shards();
    for (Shard s : shards) {
      String it =
          kinesis
              .getShardIterator(
                  r ->
                      r.streamName(stream)
                          .shardId(s.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      int empty = 0;
      while (it != null && empty < 3) {
        String current = it;
        GetRecordsResponse resp;
        try {
          resp = kinesis.getRecords(r -> r.shardIterator(current).limit(10000));
        } catch (ProvisionedThroughputExceededException e) {
          ConnectCluster.sleep(250); // a server with its read limits on
          continue;
        }
        for (Record rec : resp.records()) {
          out.addAll(Deaggregator.deaggregate(rec.partitionKey(), rec.data().asByteArray()));
        }
        empty = resp.records().isEmpty() ? empty + 1 : 0;
        if (resp.records().isEmpty() && s.sequenceNumberRange().endingSequenceNumber() == null) {
          break;
        }
        it = resp.nextShardIterator();
      }
    }
    return out;
  }

  /** Waits until the stream is ACTIVE again (after a reshard). */
  public static void awaitActive(KinesisClient kinesis, String stream, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (kinesis
          .describeStreamSummary(r -> r.streamName(stream))
          .streamDescriptionSummary()
          .streamStatusAsString()
          .equals("ACTIVE")) {
        return;
      }
      ConnectCluster.sleep(200);
    }
    throw new IllegalStateException(stream + " not ACTIVE after " + timeout);
  }
}
