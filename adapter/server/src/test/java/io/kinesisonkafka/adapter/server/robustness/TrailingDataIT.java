package io.kinesisonkafka.adapter.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A body is one JSON value or one CBOR item and nothing after it (RFC 8259; RFC 8949, "too much
 * data"). The AWS SDK cannot send anything else, so the requests go raw; what was stored is then
 * read back through the SDK.
 */
class TrailingDataIT {
  private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
  private static KinesisServer server;
  private static KinesisClient kinesis;

  @BeforeAll
  static void start() {
    server = TestServers.start("trailing");
    kinesis = Raw.sdk(server);
  }

  @AfterAll
  static void stop() {
    kinesis.close();
    server.close();
  }

  @Test
  void putRecordFollowedByAStrayBraceIsASerializationExceptionAndStoresNothing() {
    Raw.createStream(kinesis, "json-trailing", 1);
    String valid = "{\"StreamName\":\"json-trailing\",\"PartitionKey\":\"k\",\"Data\":\"aGk=\"}";

    Raw.Reply bad = Raw.post(server, "PutRecord", Raw.JSON, utf8(valid + "}"));
    Raw.Reply spaces = Raw.post(server, "PutRecord", Raw.JSON, utf8(valid + "  {}"));
    Raw.Reply twice = Raw.post(server, "PutRecord", Raw.JSON, utf8(valid + valid));

    System.out.printf(
        "TrailingDataIT json: extra '}' -> %d %s; extra '{}' -> %d; value twice -> %d%n",
        bad.status(), bad.text(), spaces.status(), twice.status());
    for (Raw.Reply r : List.of(bad, spaces, twice)) {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorType()).isEqualTo("SerializationException");
    }
    assertThat(Raw.storedSoFar(kinesis, "json-trailing", "marker-1")).isEmpty();

    // The same request without the trailing bytes is stored: the check above could fail.
    Raw.Reply good = Raw.post(server, "PutRecord", Raw.JSON, utf8(valid + " \r\n"));
    assertThat(good.status()).as(good.text()).isEqualTo(200);
    assertThat(Raw.storedSoFar(kinesis, "json-trailing", "marker-2")).containsExactly("hi");
  }

  @Test
  void putRecordsCborMapFollowedByASecondItemIsASerializationExceptionAndStoresNothing()
      throws Exception {
    Raw.createStream(kinesis, "cbor-trailing", 1);
    Map<String, Object> request =
        Map.of(
            "StreamName",
            "cbor-trailing",
            "Records",
            List.of(
                Map.of("PartitionKey", "a", "Data", utf8("one")),
                Map.of("PartitionKey", "b", "Data", utf8("two")),
                Map.of("PartitionKey", "c", "Data", utf8("three"))));
    byte[] one = CBOR.writeValueAsBytes(request);
    ByteArrayOutputStream two = new ByteArrayOutputStream();
    two.writeBytes(one);
    two.writeBytes(CBOR.writeValueAsBytes(Map.of("StreamName", "cbor-trailing")));
    ByteArrayOutputStream oneByteMore = new ByteArrayOutputStream();
    oneByteMore.writeBytes(one);
    oneByteMore.write(0x00); // the CBOR item 0

    Raw.Reply bad = Raw.post(server, "PutRecords", Raw.CBOR, two.toByteArray());
    Raw.Reply badByte = Raw.post(server, "PutRecords", Raw.CBOR, oneByteMore.toByteArray());

    System.out.printf(
        "TrailingDataIT cbor: second map -> %d %s; extra item 0 -> %d%n",
        bad.status(), bad.errorType(), badByte.status());
    for (Raw.Reply r : List.of(bad, badByte)) {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.errorType()).isEqualTo("SerializationException");
      assertThat(r.contentType()).isEqualTo(Raw.CBOR);
    }
    assertThat(Raw.storedSoFar(kinesis, "cbor-trailing", "marker-1")).isEmpty();

    Raw.Reply good = Raw.post(server, "PutRecords", Raw.CBOR, one);
    assertThat(good.status()).isEqualTo(200);
    assertThat(Raw.storedSoFar(kinesis, "cbor-trailing", "marker-2"))
        .containsExactly("one", "two", "three");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
