package io.kinesisonkafka.producer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** The KPL's properties-file names, case-insensitively, onto the builder. */
final class KplProperties {
  private static final List<String> IGNORED =
      List.of(
          "region",
          "kinesisendpoint",
          "kinesisport",
          "cloudwatchendpoint",
          "cloudwatchport",
          "verifycertificate",
          "metricsnamespace",
          "metricslevel",
          "metricsgranularity",
          "metricsuploaddelay",
          "minconnections",
          "connecttimeout",
          "requesttimeout",
          "threadingmodel",
          "threadpoolsize",
          "loglevel",
          "credentialsrefreshdelay",
          "enablecoredumps",
          "nativeexecutable",
          "tempdirectory",
          "userecordttlforretries");

  private KplProperties() {}

  static KinesisProducerConfig read(Properties properties, KinesisProducerConfig.Builder b) {
    ConfigProblems problems = new ConfigProblems();
    for (String name : properties.stringPropertyNames()) {
      String value = properties.getProperty(name).trim();
      if (name.startsWith("kafka.")) {
        b.kafkaProperty(name.substring("kafka.".length()), value);
        continue;
      }
      try {
        if (!apply(b, name.toLowerCase(Locale.ROOT), value)) {
          problems.add("unknown setting " + name);
        }
      } catch (RuntimeException e) {
        problems.add(name + " must be a valid value, but was '" + value + "'");
      }
    }
    problems.throwIfAny();
    return b.build();
  }

  private static boolean apply(KinesisProducerConfig.Builder b, String name, String v) {
    switch (name) {
      case "recordmaxbufferedtime" -> b.recordMaxBufferedTime(millis(v));
      case "aggregationenabled" -> b.aggregationEnabled(bool(v));
      case "aggregationmaxcount" -> b.aggregationMaxCount(clampInt(v));
      case "aggregationmaxsize" -> b.aggregationMaxSize(Integer.parseInt(v));
      case "collectionmaxcount" -> b.collectionMaxCount(Integer.parseInt(v));
      case "collectionmaxsize" -> b.collectionMaxSize(clampInt(v));
      case "ratelimit" -> b.rateLimit(Long.parseLong(v));
      case "recordttl" -> b.recordTtl(millis(v));
      case "failifthrottled" -> b.failIfThrottled(bool(v));
      case "maxconnections" -> b.maxConnections(Integer.parseInt(v));
      case "topicprefix" -> b.topicPrefix(v);
      case "catalogtopic" -> b.catalogTopic(v);
      case "shardrecordspersecond" -> b.shardRecordsPerSecond(Long.parseLong(v));
      case "shardbytespersecond" -> b.shardBytesPerSecond(Long.parseLong(v));
      case "maxoutstandingbytes" -> b.maxOutstandingBytes(Long.parseLong(v));
      case "whenfull" ->
          b.whenFull(KinesisProducerConfig.WhenFull.valueOf(v.toUpperCase(Locale.ROOT)));
      case "initialbackoff" -> b.initialBackoff(millis(v));
      case "maxbackoff" -> b.maxBackoff(millis(v));
      case "catalogfreshness" -> b.catalogFreshness(millis(v));
      case "fastackbound" -> b.fastAckBound(millis(v));
      default -> {
        return IGNORED.contains(name);
      }
    }
    return true;
  }

  private static Duration millis(String v) {
    return Duration.ofMillis(Long.parseLong(v));
  }

  private static int clampInt(String v) {
    return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(v));
  }

  private static boolean bool(String v) {
    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(v);
    }
    return Boolean.parseBoolean(v);
  }
}
