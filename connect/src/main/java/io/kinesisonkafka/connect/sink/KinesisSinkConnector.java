package io.kinesisonkafka.connect.sink;

import io.kinesisonkafka.connect.internals.KinesisAccess;
import io.kinesisonkafka.connect.internals.Validation;
import io.kinesisonkafka.connect.internals.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Puts the records of Kafka topics into a Kinesis stream: partition key from the record key, a
 * header or a field; data from the value; each partition key's records in order; Kafka offsets
 * committed only once Kinesis acknowledged every record up to them (see {@link KinesisSinkTask}).
 *
 * <p>{@link #validate} refuses, one message per field, settings beyond Kinesis' limits and a stream
 * that does not exist at the endpoint, before any task starts.
 */
public class KinesisSinkConnector extends SinkConnector {
  private Map<String, String> props;

  /** Creates the connector; Connect calls {@link #start}. */
  public KinesisSinkConnector() {}

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    new KinesisSinkConfig(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return KinesisSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      configs.add(props);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return KinesisSinkConfig.CONFIG_DEF;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    if (Validation.hasErrors(result)) {
      return result;
    }
    KinesisSinkConfig parsed = Validation.parse(result, connectorConfigs, KinesisSinkConfig::new);
    if (parsed != null) {
      Validation.streamsExist(
          result, KinesisAccess.from(parsed), List.of(parsed.stream()), KinesisSinkConfig.STREAM);
    }
    return result;
  }
}
