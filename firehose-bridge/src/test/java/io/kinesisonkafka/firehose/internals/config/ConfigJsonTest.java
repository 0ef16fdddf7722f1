package io.kinesisonkafka.firehose.internals.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.firehose.Compression;
import io.kinesisonkafka.firehose.DeliveryStreamConfig;
import io.kinesisonkafka.firehose.Destination;
import io.kinesisonkafka.firehose.Processing;
import io.kinesisonkafka.firehose.Source;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigJsonTest {
  @Test
  void readsBackWhatItWrites() {
    DeliveryStreamConfig c =
        DeliveryStreamConfig.builder("orders")
            .source(new Source.KinesisStream("orders-stream"))
            .destination(
                Destination.ObjectStorage.bucket("b")
                    .withPrefix("p/!{timestamp:yyyy}/", "e/!{firehose:error-output-type}/")
                    .withCompression(Compression.GZIP)
                    .withNewlineDelimiter(true))
            .bufferingHints(64, 60)
            .processing(new Processing("http://localhost:9/t", 2))
            .retryDuration(Duration.ofSeconds(30))
            .tag("team", "data")
            .build();
    assertThat(ConfigJson.read(Members.of(ConfigJson.write(c)))).isEqualTo(c);
  }

  @Test
  void keepsTheDestinationAsGivenThroughTheCatalog() throws Exception {
    String request =
        "{\"DeliveryStreamName\":\"given\",\"ExtendedS3DestinationConfiguration\":{"
            + "\"RoleARN\":\"arn:aws:iam::1:role/r\",\"BucketARN\":\"arn:aws:s3:::b\","
            + "\"CloudWatchLoggingOptions\":{\"Enabled\":false}}}";
    DeliveryStreamConfig c = ConfigJson.read(Members.of(new ObjectMapper().readTree(request)));
    assertThat(c.givenDestination()).contains("\"RoleARN\":\"arn:aws:iam::1:role/r\"");

    DeliveryStreamConfig stored = ConfigJson.read(Members.of(ConfigJson.write(c)));

    assertThat(stored).isEqualTo(c);
    assertThat(stored.givenDestination()).isEqualTo(c.givenDestination());
  }

  @Test
  void readsBackHttpEndpointAndJdbcDestinations() {
    for (Destination d :
        new Destination[] {
          new Destination.HttpEndpoint(
              "https://example.com/in",
              "ex",
              "key",
              java.util.Map.of("env", "test"),
              true,
              "backup",
              "failed/!{firehose:error-output-type}/"),
          new Destination.Jdbc(
              "jdbc:postgresql://db:5432/x", "u", "p", "public.events", "backup", null)
        }) {
      DeliveryStreamConfig c =
          DeliveryStreamConfig.builder("d")
              .destination(d)
              .retryDuration(Duration.ofSeconds(10))
              .build();
      assertThat(ConfigJson.read(Members.of(ConfigJson.write(c)))).isEqualTo(c);
    }
  }

  @Test
  void readsACreateDeliveryStreamRequestAsTheCliSendsIt() throws Exception {
    String json =
        """
        {"DeliveryStreamName": "logs", "DeliveryStreamType": "DirectPut",
         "ExtendedS3DestinationConfiguration": {
           "RoleARN": "arn:aws:iam::1:role/r", "BucketARN": "arn:aws:s3:::my-bucket",
           "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60},
           "CompressionFormat": "GZIP"}}
        """;
    DeliveryStreamConfig c = ConfigJson.read(Members.of(new ObjectMapper().readTree(json)));
    assertThat(c.source()).isEqualTo(new Source.DirectPut(1));
    assertThat(((Destination.ObjectStorage) c.destination()).bucket()).isEqualTo("my-bucket");
    assertThat(c.bufferingHints().intervalInSeconds()).isEqualTo(60);
  }

  @Test
  void reportsEveryProblemOfARequest() throws Exception {
    String json =
        """
        {"DeliveryStreamName": "logs", "DeliveryStreamType": "DatabaseAsSource",
         "ExtendedS3DestinationConfiguration": {"BucketARN": "arn:aws:s3:::b",
           "BufferingHints": {"SizeInMBs": 0, "IntervalInSeconds": 60}, "CompressionFormat": "ZIP"}}
        """;
    assertThatThrownBy(() -> ConfigJson.read(Members.of(new ObjectMapper().readTree(json))))
        .hasMessageContaining("DatabaseAsSource is not supported")
        .hasMessageContaining("CompressionFormat ZIP is not supported")
        .hasMessageContaining("sizeInMBs must be in [1, 128], but was 0");
  }
}
