package io.kinesisonkafka.lambda.cli;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.sun.net.httpserver.HttpServer;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.lambda.EventSourceMapping;
import io.kinesisonkafka.lambda.Handlers;
import io.kinesisonkafka.lambda.LambdaRunner;
import io.kinesisonkafka.lambda.RunnerConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Lambda runner as a daemon: one worker of one event source mapping. Run as many as you like
 * with the same {@code --application}; they share the shards and take over a dead one's. Exits 2 on
 * a bad mapping file or handler (one message per problem), 1 when the runner fails.
 */
@Command(
    name = "lambda-runner",
    mixinStandardHelpOptions = true,
    description = "Runs a Lambda function's Kinesis handler on a stream held in Kafka.")
public final class LambdaMain implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaMain.class);

  @Option(
      names = "--mapping",
      required = true,
      description =
          "CreateEventSourceMapping JSON (aws lambda create-event-source-mapping"
              + " --cli-input-json shape)")
  Path mapping;

  @Option(
      names = "--handler",
      required = true,
      description = "Handler class, e.g. com.example.Handler or com.example.Handler::handleRequest")
  String handler;

  @Option(
      names = "--function-classpath",
      split = ",",
      description = "The function's jars or class directories (default: this class path)")
  List<Path> functionClasspath = new ArrayList<>();

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KOK_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka bootstrap servers (env KOK_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE})")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      defaultValue = "${env:KOK_TOPIC_PREFIX:-kinesis.}",
      description = "Topic prefix of the streams (default ${DEFAULT-VALUE})")
  String topicPrefix;

  @Option(
      names = "--catalog-topic",
      defaultValue = "${env:KOK_CATALOG_TOPIC:-__kinesis_catalog}",
      description = "The stream catalog topic (default ${DEFAULT-VALUE})")
  String catalogTopic;

  @Option(
      names = "--application",
      description = "Consumer group of the mapping's workers (default lambda-<FunctionName>)")
  String application;

  @Option(names = "--worker-id", description = "This worker's id (default: a random one)")
  String workerId;

  @Option(
      names = "--timeout",
      defaultValue = "3",
      description = "Function timeout in seconds, 1..900 (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  @Option(
      names = "--memory",
      defaultValue = "128",
      description = "What Context.getMemoryLimitInMB() says (default ${DEFAULT-VALUE})")
  int memoryMb;

  @Option(
      names = "--failover-time",
      defaultValue = "10",
      description =
          "Seconds without a heartbeat before a worker's shards move (default ${DEFAULT-VALUE})")
  int failoverSeconds;

  @Option(
      names = "--poll-interval-ms",
      defaultValue = "1000",
      description = "Wait for new records per read, in ms (default ${DEFAULT-VALUE})")
  int pollIntervalMs;

  @Option(
      names = "--metrics-port",
      defaultValue = "0",
      description = "Serve /metrics (Prometheus) and /health on this port; 0 for none")
  int metricsPort;

  /**
   * Runs the daemon.
   *
   * @param args see {@code --help}
   */
  public static void main(String[] args) {
    quietLogging();
    System.exit(new CommandLine(new LambdaMain()).execute(args));
  }

  private static void quietLogging() {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.INFO);
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.apache.kafka"))
          .setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  @Override
  public Integer call() throws Exception {
    EventSourceMapping m;
    Supplier<RequestHandler<?, ?>> handlers;
    try {
      m = EventSourceMapping.read(mapping);
      handlers = Handlers.byName(handler, loader(), !m.tumblingWindow().isZero());
    } catch (IllegalArgumentException e) {
      // InvalidMappingException: one line per problem
      System.err.println(e.getMessage());
      return 2;
    }
    if (!m.enabled()) {
      System.err.println("The mapping of " + m.functionName() + " is disabled (Enabled: false)");
      return 0;
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    SchedulerConfig.Builder scheduler =
        SchedulerConfig.custom()
            .applicationName(application != null ? application : "lambda-" + m.functionName())
            .stream(m.streamName())
            .bootstrapServers(bootstrapServers)
            .topicPrefix(topicPrefix)
            .catalogTopic(catalogTopic)
            .failoverTime(Duration.ofSeconds(failoverSeconds))
            .idleTimeBetweenReads(Duration.ofMillis(pollIntervalMs));
    if (workerId != null) {
      scheduler.workerId(workerId);
    }
    RunnerConfig config;
    try {
      config =
          RunnerConfig.custom()
              .scheduler(scheduler.build())
              .functionTimeout(Duration.ofSeconds(timeoutSeconds))
              .memoryLimitMb(memoryMb)
              .meterRegistry(registry)
              .build();
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    LambdaRunner runner = LambdaRunner.start(config, m, handlers);
    Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "lambda-runner-shutdown"));
    HttpServer http = metricsPort > 0 ? serve(registry, runner) : null;
    LOG.info(
        "Running {} on stream {} ({}), application {}",
        m.functionName(),
        m.streamName(),
        bootstrapServers,
        config.scheduler().applicationName());
    while (true) {
      Thread.sleep(1_000);
      Health health = runner.health();
      if (health.isFailed()) {
        LOG.error("The runner of {} failed: {}", m.functionName(), health.detail());
        if (http != null) {
          http.stop(0);
        }
        return 1;
      }
    }
  }

  private ClassLoader loader() throws Exception {
    if (functionClasspath.isEmpty()) {
      return LambdaMain.class.getClassLoader();
    }
    List<URL> urls = new ArrayList<>();
    for (Path p : functionClasspath) {
      File f = p.toFile();
      if (!f.exists()) {
        throw new IllegalArgumentException("--function-classpath: " + p + " does not exist");
      }
      urls.add(f.toURI().toURL());
    }
    return new URLClassLoader(urls.toArray(URL[]::new), LambdaMain.class.getClassLoader());
  }

  private HttpServer serve(PrometheusMeterRegistry registry, LambdaRunner runner)
      throws java.io.IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(metricsPort), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.createContext(
        "/health",
        exchange -> {
          Health h = runner.health();
          byte[] body =
              (h.status() + (h.detail() == null ? "" : " " + h.detail()) + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(h.isFailed() ? 503 : 200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }
}
