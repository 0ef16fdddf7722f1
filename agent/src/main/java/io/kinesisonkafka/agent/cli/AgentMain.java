package io.kinesisonkafka.agent.cli;

import com.sun.net.httpserver.HttpServer;
import io.kinesisonkafka.agent.AgentConfig;
import io.kinesisonkafka.agent.ConfigException;
import io.kinesisonkafka.agent.KinesisAgent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar kinesis-agent-kafka.jar}: the agent as a daemon. */
@Command(
    name = "kinesis-agent-kafka",
    mixinStandardHelpOptions = true,
    description =
        "Tails files into Kinesis streams and Firehose delivery streams on Kafka, reading the AWS"
            + " Kinesis Agent's agent.json and agent.d/*.json unchanged.")
public final class AgentMain implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);

  @Option(
      names = "--config",
      defaultValue = "/etc/aws-kinesis/agent.json",
      description = "The agent.json (default: ${DEFAULT-VALUE}).")
  Path config;

  @Option(
      names = "--config-dir",
      description = "Directory of more *.json configurations (default: agent.d next to --config).")
  Path configDir;

  @Option(
      names = "--bootstrap-servers",
      description = "Kafka's bootstrap servers; replaces kafka.bootstrapServers of agent.json.")
  String bootstrapServers;

  @Option(names = "--checkpoint-file", description = "Replaces checkpointFile of agent.json.")
  String checkpointFile;

  @Option(
      names = "--metrics-port",
      defaultValue = "0",
      description = "Serve Prometheus metrics on http://0.0.0.0:<port>/metrics; 0: off.")
  int metricsPort;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (bootstrapServers != null) {
      overrides.put("kafka.bootstrapServers", bootstrapServers);
    }
    if (checkpointFile != null) {
      overrides.put("checkpointFile", checkpointFile);
    }
    Path dir = configDir != null ? configDir : config.toAbsolutePath().resolveSibling("agent.d");
    AgentConfig cfg;
    try {
      cfg = AgentConfig.read(config, dir, overrides);
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (!cfg.ignoredKeys().isEmpty()) {
      log.info(
          "Agent: these settings mean nothing on Kafka and are ignored: {}",
          String.join(", ", cfg.ignoredKeys()));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    CountDownLatch stop = new CountDownLatch(1);
    int[] exit = {0};
    KinesisAgent agent =
        KinesisAgent.start(
            cfg,
            registry,
            failure -> {
              exit[0] = 1;
              stop.countDown();
            });
    HttpServer http = metricsPort > 0 ? metrics(registry, metricsPort) : null;
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              agent.close();
            },
            "agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    stop.await();
    if (exit[0] != 0) {
      log.error("Agent: exiting: {}", agent.failure());
      if (http != null) {
        http.stop(0);
      }
      Runtime.getRuntime().removeShutdownHook(hook);
      agent.close();
    }
    return exit[0];
  }

  private static HttpServer metrics(PrometheusMeterRegistry registry, int port) throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
    http.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
    return http;
  }
}
