package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class DirectPutToS3IT {
  @TempDir static Path s3root;
  private static S3MockApplication s3;
  private static S3Client client;

  @BeforeAll
  static void startS3() {
    s3 = S3Mocks.start(s3root, "deliveries");
    client = S3Mocks.client(s3);
  }

  @AfterAll
  static void stopS3() {
    client.close();
    s3.stop();
  }

  private static List<String> objects(String prefix) {
    List<String> lines = new ArrayList<>();
    for (S3Object o :
        client.listObjectsV2Paginator(b -> b.bucket("deliveries").prefix(prefix)).contents()) {
      byte[] bytes =
          client.getObjectAsBytes(b -> b.bucket("deliveries").key(o.key())).asByteArray();
      if (o.key().endsWith(".gz")) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  @Test
  void deliversGzippedObjectsThroughTheS3Api() {
    String u = TestBridges.unique("s3");
    List<String> sent = new ArrayList<>();
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.s3(client), b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("to-s3")
              .destination(
                  Destination.ObjectStorage.bucket("deliveries")
                      .withPrefix(
                          u + "/!{timestamp:yyyy-MM-dd}/",
                          u + "-errors/!{firehose:error-output-type}/")
                      .withCompression(Compression.GZIP)
                      .withNewlineDelimiter(true))
              .bufferingHints(1, 1)
              .build());
      List<CompletableFuture<String>> puts = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        String r = "record-" + i;
        sent.add(r);
        puts.add(bridge.putRecord("to-s3", r.getBytes(StandardCharsets.UTF_8)));
      }
      puts.forEach(CompletableFuture::join);
      await().atMost(Duration.ofSeconds(20)).until(() -> objects(u + "/").size() == 500);
      assertThat(objects(u + "/")).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void anS3ServerDownForAWhileLosesAndDuplicatesNothing() throws Exception {
    String u = TestBridges.unique("s3down");
    SwitchableStore store = new SwitchableStore(ObjectStore.s3(client));
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sent.add(u + "-" + i);
    }
    try (FirehoseBridge bridge = TestBridges.start(u, store, b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("s3-flaky")
              .destination(
                  Destination.ObjectStorage.bucket("deliveries")
                      .withPrefix(u + "/", null)
                      .withNewlineDelimiter(true))
              .bufferingHints(1, 0)
              .build());
      store.down.set(true);
      for (String r : sent) {
        bridge.putRecord("s3-flaky", r.getBytes(StandardCharsets.UTF_8)).join();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> store.failedPuts.get() >= 3);
      store.down.set(false);
      await().atMost(Duration.ofSeconds(20)).until(() -> objects(u + "/").size() >= 200);
      Thread.sleep(300);
      assertThat(objects(u + "/")).containsExactlyElementsOf(sent);
      assertThat(bridge.config().meters().find("DeliveryToS3.Success").summary().count())
          .isGreaterThan(0);
    }
  }

  @Test
  void aBridgeKilledAfterAPutButBeforeItsCommitLeavesEveryRecordInExactlyOneObject()
      throws Exception {
    String u = TestBridges.unique("s3kill");
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      sent.add(u + "-" + i);
    }
    SwitchableStore store = new SwitchableStore(ObjectStore.s3(client));
    store.hangAt(2, true);
    DeliveryStreamConfig config =
        DeliveryStreamConfig.builder("s3-killed")
            .destination(
                Destination.ObjectStorage.bucket("deliveries")
                    .withPrefix(u + "/", null)
                    .withNewlineDelimiter(true))
            .bufferingHints(1, 1)
            .build();
    FirehoseBridge first = TestBridges.start(u, store, b -> b);
    first.create(config);
    for (String r : sent.subList(0, 100)) {
      first.putRecord("s3-killed", r.getBytes(StandardCharsets.UTF_8)).join();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> store.keys.size() == 1);
    for (String r : sent.subList(100, 300)) {
      first.putRecord("s3-killed", r.getBytes(StandardCharsets.UTF_8)).join();
    }
    assertThat(store.hung.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    first.close();
    int objectsBefore =
        client.listObjectsV2(b -> b.bucket("deliveries").prefix(u + "/")).keyCount();

    try (FirehoseBridge second = TestBridges.start(u, ObjectStore.s3(client), b -> b)) {
      for (String r : sent.subList(300, 600)) {
        second.putRecord("s3-killed", r.getBytes(StandardCharsets.UTF_8)).join();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> objects(u + "/").size() >= 600);
      Thread.sleep(1500);
      assertThat(objects(u + "/")).containsExactlyElementsOf(sent);
      assertThat(objectsBefore).isEqualTo(2);
    }
  }
}
