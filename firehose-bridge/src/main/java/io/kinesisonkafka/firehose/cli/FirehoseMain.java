package io.kinesisonkafka.firehose.cli;

import io.kinesisonkafka.adapter.cli.SettingOptions;
import io.kinesisonkafka.adapter.server.Setting;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Runs {@link FirehoseDaemon}: the Kinesis and Firehose APIs on one endpoint. Flags and environment
 * variables come from the adapter's {@link Setting} and from {@link BridgeSetting}; {@code --help}
 * lists them.
 */
public final class FirehoseMain {
  private FirehoseMain() {}

  public static void main(String[] args) throws Exception {
    CommandSpec spec =
        CommandSpec.create().name("kinesis-on-kafka-firehose").mixinStandardHelpOptions(true);
    spec.usageMessage().description("The Kinesis Data Streams and Firehose APIs on Apache Kafka.");
    SettingOptions.addTo(spec, Setting.values());
    SettingOptions.addTo(spec, BridgeSetting.values());
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
    Map<Setting, String> serverFlags = SettingOptions.matched(parsed, Setting.class);
    Map<BridgeSetting, String> bridgeFlags = SettingOptions.matched(parsed, BridgeSetting.class);
    FirehoseDaemon daemon;
    try {
      daemon = FirehoseDaemon.start(System.getenv(), serverFlags, bridgeFlags);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "Kinesis and Firehose endpoint: http://localhost:%d (delivery streams: %s)%n",
        daemon.server().port(),
        daemon.bridge().list());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    daemon.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "shutdown"));
    stopped.await();
  }
}
