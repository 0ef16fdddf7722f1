package io.kinesisonkafka.adapter.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class HttpServerConfigTest {

  @Test
  void defaults_listen_on_all_interfaces_with_room_for_10_MiB_of_base64_data() {
    HttpServerConfig config = HttpServerConfig.ofDefaults();

    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.plainPort()).isEqualTo(4567);
    assertThat(config.tlsPort()).isEqualTo(4568);
    assertThat(config.selfSigned()).isTrue();
    assertThat(config.maxRequestBodyBytes()).isEqualTo(16 * 1024 * 1024);
    assertThat(config.maxRequestBodyBytes()).isGreaterThan(10 * 1024 * 1024 * 4 / 3);
    assertThat(config.eventLoopThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(config.maxConcurrentStreams()).isEqualTo(1000);
  }

  @Test
  void build_reports_every_problem_at_once() {
    assertThatThrownBy(
            () ->
                HttpServerConfig.custom()
                    .host(" ")
                    .plainPort(70000)
                    .tlsPort(-2)
                    .certificate(Path.of("/nonexistent/chain.pem"), null)
                    .maxRequestBodyBytes(0)
                    .idleTimeout(Duration.ofSeconds(-1))
                    .eventLoopThreads(0)
                    .shutdownTimeout(null)
                    .maxConcurrentStreams(0)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(
            "host",
            "plainPort",
            "tlsPort",
            "certificate chain and private key must be given together",
            "not readable: /nonexistent/chain.pem",
            "maxRequestBodyBytes",
            "idleTimeout",
            "eventLoopThreads",
            "shutdownTimeout",
            "maxConcurrentStreams");
  }

  @Test
  void at_least_one_listener_is_needed() {
    assertThatThrownBy(
            () ->
                HttpServerConfig.custom()
                    .plainPort(HttpServerConfig.OFF)
                    .tlsPort(HttpServerConfig.OFF)
                    .build())
        .hasMessageContaining("both off");
  }

  @Test
  void to_builder_keeps_every_setting() {
    HttpServerConfig config =
        HttpServerConfig.custom()
            .host("127.0.0.1")
            .plainPort(0)
            .tlsPort(HttpServerConfig.OFF)
            .maxRequestBodyBytes(1234)
            .idleTimeout(Duration.ZERO)
            .eventLoopThreads(3)
            .shutdownTimeout(Duration.ofSeconds(1))
            .maxConcurrentStreams(7)
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }
}
