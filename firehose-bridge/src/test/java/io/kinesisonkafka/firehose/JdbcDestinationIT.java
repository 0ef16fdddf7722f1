package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDBC destination against H2 in PostgreSQL mode (the same SQL, {@code ON CONFLICT DO NOTHING}
 * included): embedded PostgreSQL refuses to run as root, as this project's builds do. The
 * PostgreSQL driver itself is exercised by the unreachable-database case.
 */
class JdbcDestinationIT {
  @TempDir Path root;

  private static List<String> rows(String url, String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT source_offset, data FROM "
                    + table
                    + " ORDER BY source_partition, source_offset")) {
      while (r.next()) {
        out.add(new String(r.getBytes(2), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static List<byte[]> data(String... records) {
    List<byte[]> out = new ArrayList<>();
    for (String r : records) {
      out.add(r.getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void deliversEachRecordAsOneRowEvenWhenABatchIsDeliveredAgain() throws Exception {
    String u = TestBridges.unique("jdbc");
    String url = "jdbc:h2:mem:" + u + ";MODE=PostgreSQL;DB_CLOSE_DELAY=-1";
    DeliveryStreamConfig config =
        DeliveryStreamConfig.builder("to-db")
            .destination(Destination.Jdbc.of(url, "events", "backup"))
            .bufferingHints(1, 0)
            .build();
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.files(root), b -> b)) {
      bridge.create(config);
      bridge.putRecordBatch("to-db", data("a", "b", "c")).forEach(f -> f.join());
      await()
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .until(() -> rows(url, "events").size() == 3);
    }
    // The same records delivered again from the start (a new consumer group): no new rows.
    String again = TestBridges.unique("jdbc-again");
    try (FirehoseBridge bridge =
        TestBridges.start(
            again,
            ObjectStore.files(root),
            b -> b.topicPrefix("firehose." + u + ".").groupPrefix("replay." + again + "."))) {
      bridge.create(config);
      bridge.putRecordBatch("to-db", data("d")).forEach(f -> f.join());
      await().atMost(Duration.ofSeconds(15)).until(() -> rows(url, "events").size() == 4);
      Thread.sleep(500);
      assertThat(rows(url, "events")).containsExactly("a", "b", "c", "d");
    }
  }

  @Test
  void recordsThatCannotBeInsertedInTheRetryDurationGoToTheErrorPrefix() {
    String u = TestBridges.unique("jdbc-down");
    try (FirehoseBridge bridge = TestBridges.start(u, ObjectStore.files(root), b -> b)) {
      bridge.create(
          DeliveryStreamConfig.builder("to-dead-db")
              .destination(
                  Destination.Jdbc.of("jdbc:postgresql://localhost:1/nowhere", "events", "backup"))
              .bufferingHints(1, 0)
              .retryDuration(Duration.ofSeconds(1))
              .build());
      bridge.putRecordBatch("to-dead-db", data("x", "y")).forEach(f -> f.join());
      await().atMost(Duration.ofSeconds(15)).until(() -> TestBridges.lines(root).size() == 2);
      assertThat(root.relativize(TestBridges.files(root).get(0)).toString())
          .startsWith("backup/jdbc-failed/");
      assertThat(TestBridges.lines(root))
          .allSatisfy(
              line ->
                  assertThat(new ObjectMapper().readTree(line).get("errorCode").asText())
                      .isEqualTo("JDBC.DestinationException"));
    }
  }
}
