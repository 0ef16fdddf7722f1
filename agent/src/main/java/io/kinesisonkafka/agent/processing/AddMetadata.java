package io.kinesisonkafka.agent.processing;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ADDMETADATA: {@code {"ts": ..., "metadata": <the configured object>, "data": <the record>}};
 * {@code ts} (UTC, milliseconds) only when {@code timestamp} is true.
 */
final class AddMetadata implements DataConverter {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Object metadata;
  private final boolean timestamp;
  private final Json json;
  private final Clock clock;

  AddMetadata(Object metadata, boolean timestamp, Json json, Clock clock) {
    this.metadata = metadata;
    this.timestamp = timestamp;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public byte[] convert(byte[] record) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (timestamp) {
      out.put("ts", TS.format(clock.instant()));
    }
    out.put("metadata", metadata);
    out.put("data", Json.text(record));
    return json.write(out);
  }
}
