package io.kinesisonkafka.firehose.internals.delivery;

import io.kinesisonkafka.firehose.Destination;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers a batch as rows, one transaction per batch. Rows are keyed by their source position, and
 * inserted with {@code ON CONFLICT DO NOTHING}, so a batch delivered again after a restart (its
 * insert committed, its offsets not) adds nothing: exactly-once rows.
 */
public final class JdbcDelivery implements BatchSink {
  private final String stream;
  private final Destination.Jdbc jdbc;
  private final Transformation transformation;
  private final String function;
  private final Retrier retrier;
  private final Duration retryDuration;
  private final ErrorOutput errors;
  private final DeliveryMetrics metrics;
  private final Clock clock;

  /** Confined to the delivery thread. */
  private boolean tableReady;

  public JdbcDelivery(DeliveryContext context, Destination.Jdbc jdbc) {
    this.stream = context.stream();
    this.jdbc = jdbc;
    this.transformation = context.transformation();
    this.function = context.function();
    this.retrier = context.retrier();
    this.retryDuration = context.retryDuration();
    this.errors = context.errorOutput(jdbc.backupBucket(), jdbc.errorOutputPrefix());
    this.metrics = context.metrics();
    this.clock = context.clock();
  }

  @Override
  public void deliver(Batch batch) {
    List<BufferedRecord> rows = batch.records();
    if (transformation != null) {
      Transformation.Outcome o = transformation.apply(rows);
      rows = o.ok();
      metrics.processed(o.invocations(), 0, rows.size());
      errors.write(batch, "processing-failed", o.failed(), function);
    }
    if (rows.isEmpty()) {
      return;
    }
    List<BufferedRecord> toInsert = rows;
    int[] attempts = {0};
    try {
      retrier.runFor(
          retryDuration,
          () -> {
            attempts[0]++;
            insert(toInsert);
          },
          metrics::deliveryFailed);
      long bytes = 0;
      for (BufferedRecord r : rows) {
        bytes += r.data().length;
      }
      metrics.delivered(rows.size(), bytes, batch.oldestArrival().toEpochMilli(), clock.millis());
    } catch (RuntimeException e) {
      List<Transformation.Failure> failed = new ArrayList<>(rows.size());
      for (BufferedRecord r : rows) {
        failed.add(
            new Transformation.Failure(
                r, attempts[0], "JDBC.DestinationException", e.getMessage()));
      }
      errors.write(batch, "jdbc-failed", failed, null);
    }
  }

  private void insert(List<BufferedRecord> rows) {
    try (Connection c = DriverManager.getConnection(jdbc.url(), jdbc.username(), jdbc.password())) {
      if (!tableReady) {
        try (Statement s = c.createStatement()) {
          s.execute(
              "CREATE TABLE IF NOT EXISTS "
                  + jdbc.table()
                  + " (delivery_stream VARCHAR(64) NOT NULL, source_partition INT NOT NULL,"
                  + " source_offset BIGINT NOT NULL, sub_sequence INT NOT NULL,"
                  + " arrival_millis BIGINT NOT NULL, data BYTEA NOT NULL,"
                  + " PRIMARY KEY (delivery_stream, source_partition, source_offset, sub_sequence))");
        }
        tableReady = true;
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO "
                  + jdbc.table()
                  + " (delivery_stream, source_partition, source_offset, sub_sequence,"
                  + " arrival_millis, data) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        for (BufferedRecord r : rows) {
          insert.setString(1, stream);
          insert.setInt(2, r.partition());
          insert.setLong(3, r.offset());
          insert.setInt(4, r.subSequence());
          insert.setLong(5, r.arrivalMillis());
          insert.setBytes(6, r.data());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "insert into " + jdbc.table() + " at " + jdbc.url() + " failed: " + e.getMessage(), e);
    }
  }
}
