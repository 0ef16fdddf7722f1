package io.kinesisonkafka.connect.testkit;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings every source connector of the tests starts from. */
public final class SourceConfigs {
  private SourceConfigs() {}

  /**
   * A source connector copying {@code stream} from {@code endpoint} into {@code topic} (created
   * with two partitions of one replica) with two tasks, exactly-once required, idle shards read
   * every 200 ms; the caller adds or overrides the rest.
   */
  public static Map<String, String> source(URI endpoint, String stream, String topic) {
    Map<String, String> c = new LinkedHashMap<>(Kinesis.access(endpoint));
    c.put("connector.class", "io.kinesisonkafka.connect.source.KinesisSourceConnector");
    c.put("tasks.max", "2");
    c.put("kinesis.streams", stream);
    c.put("topic.template", topic);
    c.put("topic.creation.default.partitions", "2");
    c.put("topic.creation.default.replication.factor", "1");
    c.put("kinesis.idle.interval.ms", "200");
    c.put("exactly.once.support", "required");
    return c;
  }
}
