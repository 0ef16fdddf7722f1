package io.kinesisonkafka.adapter.cli;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.ServerConfig;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Runs the Kinesis endpoint: on an existing Kafka cluster, or on an embedded single-node one when
 * none is given. Flags and environment variables come from {@link Setting}, the one table of
 * settings; {@code --help} lists them.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    CommandSpec spec = CommandSpec.create().name("kinesis-on-kafka").mixinStandardHelpOptions(true);
    spec.usageMessage().description("The Kinesis Data Streams API on Apache Kafka.");
    SettingOptions.addTo(spec, Setting.values());
    CommandLine commandLine = new CommandLine(spec);
    ParseResult parsed;
    try {
      parsed = commandLine.parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      System.err.println(e.getMessage());
      commandLine.usage(System.err);
      System.exit(2);
      return;
    }
    if (CommandLine.printHelpIfRequested(parsed)) {
      return;
    }
    Map<Setting, String> flags = SettingOptions.matched(parsed, Setting.class);
    ServerConfig config;
    try {
      config = ServerConfig.from(System.getenv(), flags);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    EmbeddedKafkaCluster embedded = null;
    String bootstrap = config.bootstrapServers();
    if (bootstrap.isBlank()) {
      out.println("Starting an embedded single-node Kafka (KRaft)...");
      embedded = EmbeddedKafkaCluster.builder().build();
      embedded.start();
      bootstrap = embedded.bootstrapServers();
    }
    EmbeddedKafkaCluster cluster = embedded;
    KinesisServer server;
    try {
      server = KinesisServer.start(config, bootstrap);
    } catch (RuntimeException e) {
      if (cluster != null) {
        cluster.close();
      }
      throw e;
    }
    // The TLS port is -1 when TLS is off: name only the listeners that exist.
    out.printf(
        "Kinesis endpoint on Kafka %s: http://localhost:%d%s%n",
        bootstrap,
        server.port(),
        server.tlsPort() > 0 ? " and https://localhost:" + server.tlsPort() : "");
    out.println(
        "Try: aws kinesis --endpoint-url http://localhost:"
            + server.port()
            + " --region "
            + config.region()
            + " create-stream --stream-name demo --shard-count 2");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } finally {
                    if (cluster != null) {
                      cluster.close();
                    }
                    stopped.countDown();
                  }
                },
                "shutdown"));
    stopped.await();
  }
}
