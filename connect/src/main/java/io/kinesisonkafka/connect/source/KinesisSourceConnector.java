package io.kinesisonkafka.connect.source;

import io.kinesisonkafka.connect.internals.KinesisAccess;
import io.kinesisonkafka.connect.internals.Retriable;
import io.kinesisonkafka.connect.internals.ShardInfo;
import io.kinesisonkafka.connect.internals.ShardLister;
import io.kinesisonkafka.connect.internals.Validation;
import io.kinesisonkafka.connect.internals.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Copies Kinesis streams into Kafka topics: one Kafka record per Kinesis user record (KPL
 * aggregates split), key = partition key, value = data, Kinesis metadata in headers.
 *
 * <p>The shards of the streams are spread over the tasks; the connector lists them again every
 * {@code kinesis.discovery.interval.ms} and reconfigures the tasks when a shard appeared (a split,
 * a merge, a new stream matching the pattern). A child shard is read only once each parent was
 * copied to its end, whichever task read the parent (see {@link KinesisSourceTask}). Offsets live
 * in Connect's offset store: source partition {@code {stream, shard}}, offset {@code {seq, sub}}.
 *
 * <p>Exactly-once when the worker runs with {@code exactly.once.source.support=enabled} (KIP-618):
 * records and offsets are written in one transaction; at-least-once otherwise.
 */
public class KinesisSourceConnector extends SourceConnector {
  private static final Logger log = LoggerFactory.getLogger(KinesisSourceConnector.class);

  private Map<String, String> props;
  private KinesisSourceConfig config;
  private KinesisClient kinesis;
  private ScheduledExecutorService discovery;
  private volatile List<ShardInfo> shards = List.of();

  /** Creates the connector; Connect calls {@link #start}. */
  public KinesisSourceConnector() {}

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    this.props = Map.copyOf(props);
    this.config = new KinesisSourceConfig(props);
    this.kinesis = KinesisAccess.from(config).client();
    this.shards = list();
    long interval = config.discoveryInterval().toMillis();
    this.discovery =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kinesis-source-discovery");
              t.setDaemon(true);
              return t;
            });
    discovery.scheduleWithFixedDelay(this::rediscover, interval, interval, TimeUnit.MILLISECONDS);
  }

  private List<ShardInfo> list() {
    return new ShardLister(kinesis).shards(config.streams(), config.streamPattern(), shards);
  }

  /** Lists again; a changed shard set reconfigures the tasks. Never dies silently. */
  private void rediscover() {
    try {
      List<ShardInfo> now = list();
      if (!keys(now).equals(keys(shards))) {
        log.info(
            "Kinesis shards changed ({} -> {} shards); reconfiguring tasks",
            shards.size(),
            now.size());
        shards = now;
        context().requestTaskReconfiguration();
      }
    } catch (RuntimeException e) {
      if (Retriable.test(e)) {
        log.warn("Listing Kinesis shards failed; trying again in the next round", e);
      } else {
        context().raiseError(new ConnectException("Listing Kinesis shards failed", e));
      }
    }
  }

  private static Set<String> keys(List<ShardInfo> shards) {
    return shards.stream().map(ShardInfo::key).collect(Collectors.toCollection(TreeSet::new));
  }

  @Override
  public Class<? extends Task> taskClass() {
    return KinesisSourceTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<ShardInfo> all = shards;
    int tasks = Math.max(1, Math.min(maxTasks, all.size()));
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < all.size(); i++) {
      groups.get(i % tasks).add(all.get(i).key());
    }
    List<Map<String, String>> configs = new ArrayList<>();
    for (List<String> group : groups) {
      Map<String, String> task = new HashMap<>(props);
      task.put(KinesisSourceConfig.TASK_SHARDS, String.join(",", group));
      configs.add(task);
    }
    return configs;
  }

  @Override
  public void stop() {
    if (discovery != null) {
      discovery.shutdownNow();
    }
    if (kinesis != null) {
      kinesis.close();
    }
  }

  @Override
  public ConfigDef config() {
    return KinesisSourceConfig.CONFIG_DEF;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    if (Validation.hasErrors(result)) {
      return result;
    }
    KinesisSourceConfig parsed =
        Validation.parse(result, connectorConfigs, KinesisSourceConfig::new);
    if (parsed != null) {
      Validation.streamsExist(
          result, KinesisAccess.from(parsed), parsed.streams(), KinesisSourceConfig.STREAMS);
    }
    return result;
  }

  /**
   * Exactly-once is supported: offsets identify each user record, and a task resumes right after.
   */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  /** The worker defines transaction boundaries (per poll, or by interval). */
  @Override
  public ConnectorTransactionBoundaries canDefineTransactionBoundaries(
      Map<String, String> connectorConfig) {
    return ConnectorTransactionBoundaries.UNSUPPORTED;
  }
}
