package io.kinesisonkafka.bench.firehose;

import com.adobe.testing.s3mock.S3MockApplication;
import io.kinesisonkafka.bench.Benchmark;
import io.kinesisonkafka.bench.Comparison;
import io.kinesisonkafka.bench.Options;
import io.kinesisonkafka.bench.Report;
import io.kinesisonkafka.bench.Throughput;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import io.kinesisonkafka.firehose.ObjectStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code ./bench firehose}: MB/s that the Firehose bridge delivers from a Kafka topic to local
 * files and to an S3-compatible server (Adobe's S3Mock in this JVM), against one plain
 * KafkaConsumer writing the same bytes through the same store with the same buffering.
 *
 * <p>The topic is filled once; each pass reads all of it from the beginning under a new consumer
 * group (ours: a new delivery stream). Rounds alternate which side goes first; the report takes
 * each side's best round per destination.
 */
public final class FirehoseBenchmark implements Benchmark {
  private static final String BUCKET = "bench";

  @Override
  public String name() {
    return "firehose";
  }

  @Override
  public String description() {
    return "Firehose bridge delivery to files and to S3 (S3Mock) vs a plain KafkaConsumer";
  }

  @Override
  public Map<String, String> options() {
    return Map.of(
        "records", "records in the source topic (default 200000)",
        "record-bytes", "bytes of each record (default 1024)",
        "partitions", "partitions of the source topic (default 4)",
        "buffer-mib", "buffering hint size in MiB, for both sides (default 8)",
        "rounds", "measured rounds; the best round per side is reported (default 5)");
  }

  @Override
  public Report run(Options options, PrintStream out) throws Exception {
    long records = options.longValue("records", 200_000, 1000, 100_000_000);
    int recordBytes = options.intValue("record-bytes", 1024, 1, 1_000_000);
    int partitions = options.intValue("partitions", 4, 1, 64);
    int bufferMib = options.intValue("buffer-mib", 8, 1, 128);
    int rounds = options.intValue("rounds", 5, 1, 20);
    long totalBytes = records * recordBytes;
    Path work = Files.createTempDirectory("bench-firehose");
    out.println(
        "firehose benchmark: Firehose bridge vs a plain KafkaConsumer, same store, same buffering");
    try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().heapMb(1024).build()) {
      kafka.start();
      String bootstrap = kafka.bootstrapServers();
      long t = System.nanoTime();
      Topic.fill(bootstrap, "source", partitions, records, recordBytes);
      out.printf(
          Locale.ROOT,
          "source: topic of %d partitions, %,d records of %d B (%.1f MB), filled in %.1f s%n",
          partitions,
          records,
          recordBytes,
          totalBytes / 1e6,
          (System.nanoTime() - t) / 1e9);
      out.printf(
          "buffering: %d MiB or 1 s per partition, whichever first, uncompressed, no delimiter;"
              + " ours commits each object's bounds before and its end after the put (exactly-once"
              + " objects); the baseline commits after the put%n",
          bufferMib);
      S3MockApplication s3 = startS3(work.resolve("s3"));
      try (S3Client client = s3Client(s3)) {
        ObjectStore files = ObjectStore.files(work.resolve("files"));
        ObjectStore objects = ObjectStore.s3(client);
        out.printf(
            "stores: files under %s (written, forced to disk, renamed); S3Mock on port %d%n%n",
            work, s3.getHttpPort());
        Throughput[] best = new Throughput[4];
        try (BridgeSide oursFiles = new BridgeSide(bootstrap, files, "files");
            BridgeSide oursS3 = new BridgeSide(bootstrap, objects, "s3")) {
          for (int r = 0; r <= rounds; r++) {
            String label = r == 0 ? "warm-up" : "round " + r;
            boolean oursFirst = r % 2 == 1;
            Throughput[] pass = new Throughput[4];
            for (int side = 0; side < 2; side++) {
              boolean ours = (side == 0) == oursFirst;
              String name = (ours ? "ours-" : "plain-") + r;
              if (ours) {
                pass[0] =
                    oursFiles.run(
                        "source", name + "-files", BUCKET, bufferMib, 1, records, totalBytes);
                pass[2] =
                    oursS3.run("source", name + "-s3", BUCKET, bufferMib, 1, records, totalBytes);
              } else {
                long size = bufferMib * 1024L * 1024L;
                pass[1] =
                    PlainConsumerSink.run(
                        bootstrap,
                        "source",
                        name + "-files",
                        files,
                        BUCKET,
                        name + "-files/",
                        size,
                        1_000_000_000L,
                        records,
                        totalBytes);
                pass[3] =
                    PlainConsumerSink.run(
                        bootstrap,
                        "source",
                        name + "-s3",
                        objects,
                        BUCKET,
                        name + "-s3/",
                        size,
                        1_000_000_000L,
                        records,
                        totalBytes);
              }
            }
            out.printf(
                Locale.ROOT,
                "%s: files ours %.1f MB/s, plain %.1f MB/s; s3 ours %.1f MB/s, plain %.1f MB/s%n",
                label,
                pass[0].megabytesPerSecond(),
                pass[1].megabytesPerSecond(),
                pass[2].megabytesPerSecond(),
                pass[3].megabytesPerSecond());
            if (r > 0) {
              for (int i = 0; i < 4; i++) {
                best[i] = best[i] == null ? pass[i] : Throughput.faster(best[i], pass[i]);
              }
            }
          }
        }
        return new Report(
            "bridge",
            "KafkaConsumer",
            rounds == 1 ? "1 round" : "best of " + rounds + " rounds per side",
            List.of(
                new Comparison("files", best[0], best[1]), new Comparison("s3", best[2], best[3])));
      } finally {
        s3.stop();
      }
    }
  }

  private static S3MockApplication startS3(Path root) {
    Map<String, Object> props = new HashMap<>();
    props.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
    props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
    props.put(S3MockApplication.PROP_INITIAL_BUCKETS, BUCKET);
    props.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
    props.put(S3MockApplication.PROP_SILENT, true);
    return S3MockApplication.start(props);
  }

  private static S3Client s3Client(S3MockApplication s3) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://localhost:" + s3.getHttpPort()))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
