package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectPutToFilesIT {
  @TempDir Path root;

  private static Destination.ObjectStorage lines(String bucket) {
    return Destination.ObjectStorage.bucket(bucket).withNewlineDelimiter(true);
  }

  private static void putAll(FirehoseBridge bridge, String stream, List<String> records) {
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < records.size(); i += 500) {
      List<byte[]> batch = new ArrayList<>();
      for (String r : records.subList(i, Math.min(records.size(), i + 500))) {
        batch.add(r.getBytes(StandardCharsets.UTF_8));
      }
      futures.addAll(bridge.putRecordBatch(stream, batch));
    }
    futures.forEach(CompletableFuture::join);
  }

  private static List<String> records(String tag, int from, int count, int size) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      StringBuilder s = new StringBuilder(tag).append('-').append(i).append('-');
      while (s.length() < size) {
        s.append('x');
      }
      out.add(s.toString());
    }
    return out;
  }

  @Test
  void deliversABatchAsSoonAsTheSizeHintIsReached() {
    String u = TestBridges.unique("size");
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.files(root), b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("sized")
              .destination(lines("b"))
              .bufferingHints(1, 900)
              .build());
      List<String> sent = records("r", 0, 1200, 1000);
      putAll(bridge, "sized", sent);
      await().atMost(Duration.ofSeconds(20)).until(() -> TestBridges.files(root).size() == 1);
      List<String> delivered = TestBridges.lines(root);
      assertThat(delivered)
          .hasSizeBetween(1000, 1048)
          .containsExactlyElementsOf(sent.subList(0, delivered.size()));
    }
  }

  @Test
  void createsTheDeliveryStreamsOfAFileAtStart() throws Exception {
    String u = TestBridges.unique("file");
    Path file = root.resolve("streams.json");
    java.nio.file.Files.writeString(
        file,
        """
        {"DeliveryStreams": [
          {"DeliveryStreamName": "from-file", "DeliveryStreamType": "DirectPut",
           "ExtendedS3DestinationConfiguration": {
             "BucketARN": "arn:aws:s3:::filed",
             "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 0},
             "ProcessingConfiguration": {"Enabled": true,
               "Processors": [{"Type": "AppendDelimiterToRecord"}]}}}]}
        """);
    try (FirehoseBridge bridge =
        TestBridges.start(u, ObjectStore.files(root), b -> b.deliveryStreamsFile(file))) {
      assertThat(bridge.list()).containsExactly("from-file");
      putAll(bridge, "from-file", List.of("x", "y"));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> TestBridges.lines(root.resolve("filed")).size() == 2);
      assertThat(TestBridges.lines(root.resolve("filed"))).containsExactly("x", "y");
    }
    try (FirehoseBridge again =
        TestBridges.start(u, ObjectStore.files(root), b -> b.deliveryStreamsFile(file))) {
      // The same file again: nothing to change.
      assertThat(again.describe("from-file").versionId()).isEqualTo(1);
    }
  }

  @Test
  void anIdleSourceStillDeliversWhenTheIntervalPasses() {
    String u = TestBridges.unique("interval");
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.files(root), b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("timed")
              .destination(lines("b"))
              .bufferingHints(128, 1)
              .build());
      putAll(bridge, "timed", List.of("one", "two", "three"));
      await().atMost(Duration.ofSeconds(10)).until(() -> TestBridges.files(root).size() == 1);
      assertThat(TestBridges.lines(root)).containsExactly("one", "two", "three");
    }
  }

  @Test
  void namesObjectsByThePrefixExpressionsAndCompressesThem() {
    String u = TestBridges.unique("prefix");
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.files(root), b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("named")
              .destination(
                  lines("logs")
                      .withPrefix(
                          "year=!{timestamp:yyyy}/!{firehose:random-string}/",
                          "errors/!{firehose:error-output-type}/")
                      .withCompression(Compression.GZIP))
              .bufferingHints(128, 0)
              .build());
      putAll(bridge, "named", List.of("a", "b"));
      await().atMost(Duration.ofSeconds(10)).until(() -> TestBridges.lines(root).size() == 2);
      Path file = TestBridges.files(root).get(0);
      String key = root.resolve("logs").relativize(file).toString();
      assertThat(key)
          .matches(
              "year=20\\d\\d/[a-z0-9]{11}/named-0-\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d-0{20}\\.gz");
      assertThat(TestBridges.lines(root)).containsExactly("a", "b");
    }
  }

  @Test
  void aDestinationDownForAWhileLosesAndDuplicatesNothing() throws Exception {
    String u = TestBridges.unique("down");
    SwitchableStore store = new SwitchableStore(ObjectStore.files(root));
    try (FirehoseBridge bridge = TestBridges.start(u, store, b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("flaky")
              .destination(lines("b"))
              .bufferingHints(128, 0)
              .build());
      List<String> sent = records("r", 0, 300, 20);
      putAll(bridge, "flaky", sent.subList(0, 100));
      await().atMost(Duration.ofSeconds(10)).until(() -> TestBridges.lines(root).size() == 100);
      store.down.set(true);
      putAll(bridge, "flaky", sent.subList(100, 200));
      await().atMost(Duration.ofSeconds(10)).until(() -> store.failedPuts.get() >= 3);
      putAll(bridge, "flaky", sent.subList(200, 300));
      Thread.sleep(500);
      store.down.set(false);
      await().atMost(Duration.ofSeconds(15)).until(() -> TestBridges.lines(root).size() >= 300);
      Thread.sleep(300);
      assertThat(TestBridges.lines(root)).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void aBridgeKilledMidBatchRewritesTheSameObjectsAndLosesNothing() throws Exception {
    for (boolean writtenBeforeTheKill : new boolean[] {false, true}) {
      String u = TestBridges.unique("kill");
      Path dir = root.resolve(u);
      SwitchableStore store = new SwitchableStore(ObjectStore.files(dir));
      store.hangAt(2, writtenBeforeTheKill);
      List<String> sent = records(u, 0, 2000, 100);
      FirehoseBridge first = TestBridges.start(u, store, b -> b);
      first.create(
          DeliveryStreamConfig.builder("killed")
              .destination(lines("b"))
              .bufferingHints(128, 1)
              .build());
      // Interval flushes while records keep coming: boundaries depend on timing. The first
      // object is stored before more records come, so the second put is the one that hangs.
      putAll(first, "killed", sent.subList(0, 100));
      await().atMost(Duration.ofSeconds(20)).until(() -> store.keys.size() == 1);
      for (int i = 100; i < 1000; i += 100) {
        putAll(first, "killed", sent.subList(i, i + 100));
        Thread.sleep(200);
      }
      assertThat(store.hung.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      first.close();
      Set<String> before = new HashSet<>(store.keys);

      SwitchableStore again = new SwitchableStore(ObjectStore.files(dir));
      try (FirehoseBridge second = TestBridges.start(u, again, b -> b)) {
        putAll(second, "killed", sent.subList(1000, 2000));
        await().atMost(Duration.ofSeconds(20)).until(() -> TestBridges.lines(dir).size() >= 2000);
        Thread.sleep(1500);
        assertThat(TestBridges.lines(dir)).containsExactlyElementsOf(sent);
        if (writtenBeforeTheKill) {
          // The object written but not acknowledged was written again, under the same name.
          assertThat(again.keys.get(0))
              .as("rewritten %s, written before %s", again.keys, before)
              .isIn(before);
        }
      }
    }
  }
}
