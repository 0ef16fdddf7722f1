package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryStreamConfigTest {
  @Test
  void reportsEveryBadValueAtOnce() {
    DeliveryStreamConfig.InvalidConfigException e =
        catchThrowableOfType(
            DeliveryStreamConfig.InvalidConfigException.class,
            () ->
                DeliveryStreamConfig.builder("bad name!")
                    .destination(
                        Destination.ObjectStorage.bucket("b")
                            .withPrefix("!{timestamp:yyyy}/", null))
                    .bufferingHints(129, 901)
                    .retryDuration(Duration.ofSeconds(-5))
                    .build());
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("deliveryStreamName must be"))
        .anySatisfy(p -> assertThat(p).contains("errorOutputPrefix must be given"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .isEqualTo("bufferingHints.sizeInMBs must be in [1, 128], but was 129"))
        .anySatisfy(p -> assertThat(p).startsWith("retryDuration must be in"));
  }

  @Test
  void acceptsFirehoseRangesOfBufferingHints() {
    assertThat(
            DeliveryStreamConfig.builder("ok")
                .destination(Destination.ObjectStorage.bucket("b"))
                .bufferingHints(1, 0)
                .build()
                .bufferingHints())
        .isEqualTo(new BufferingHints(1, 0));
  }

  @Test
  void namesTheTransformerOfALambdaArn() {
    assertThat(Processing.of("arn:aws:lambda:us-east-1:1:function:upper:$LATEST").transformerName())
        .isEqualTo("upper");
    assertThat(Processing.of("upper").transformerName()).isEqualTo("upper");
    assertThat(Processing.of("http://localhost:1/t").isHttp()).isTrue();
  }
}
