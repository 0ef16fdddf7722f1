package io.kinesisonkafka.firehose.internals.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisonkafka.firehose.Compression;
import io.kinesisonkafka.firehose.DeliveryStreamConfig;
import io.kinesisonkafka.firehose.Destination;
import io.kinesisonkafka.firehose.Processing;
import io.kinesisonkafka.firehose.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A delivery stream's configuration in the shape of Firehose's CreateDeliveryStream request, read
 * from the API, from a delivery streams file and from the catalog, and written to the catalog.
 * Beyond Firehose's shape: {@code DirectPutSourceConfiguration.Partitions}, {@code
 * MSKSourceConfiguration.TopicName} for any Kafka topic, {@code
 * ExtendedS3DestinationConfiguration.RetryOptions.DurationInSeconds}; a newline delimiter is
 * Firehose's {@code AppendDelimiterToRecord} processor.
 */
public final class ConfigJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Where {@link #write} keeps {@link DeliveryStreamConfig#givenDestination()}: beside the
   * destination it writes from the typed configuration, which is what the bridge reads; {@code
   * false} for none.
   */
  static final String GIVEN_DESTINATION = "GivenDestinationConfiguration";

  private ConfigJson() {}

  /**
   * Reads a CreateDeliveryStream request.
   *
   * @throws IllegalArgumentException naming what is missing or wrong (every problem of the builder
   *     at once)
   */
  public static DeliveryStreamConfig read(Members in) {
    List<String> problems = new ArrayList<>();
    String name = in.string("DeliveryStreamName");
    DeliveryStreamConfig.Builder b = DeliveryStreamConfig.builder(name);
    String type = in.string("DeliveryStreamType");
    type = type == null ? "DirectPut" : type;
    switch (type) {
      case "DirectPut" -> {
        Members direct = in.object("DirectPutSourceConfiguration");
        Integer partitions = direct == null ? null : direct.integer("Partitions");
        b.source(new Source.DirectPut(partitions == null ? 1 : Math.max(1, partitions)));
      }
      case "KinesisStreamAsSource" -> {
        Members k = in.object("KinesisStreamSourceConfiguration");
        String arn = k == null ? null : k.string("KinesisStreamARN");
        if (arn == null) {
          problems.add("KinesisStreamSourceConfiguration.KinesisStreamARN must be given");
        } else {
          b.source(new Source.KinesisStream(arn.substring(arn.lastIndexOf('/') + 1)));
        }
      }
      case "MSKAsSource" -> {
        Members m = in.object("MSKSourceConfiguration");
        String topic = m == null ? null : m.string("TopicName");
        if (topic == null) {
          problems.add("MSKSourceConfiguration.TopicName must be given");
        } else {
          b.source(new Source.KafkaTopic(topic));
        }
      }
      default -> problems.add("DeliveryStreamType " + type + " is not supported");
    }
    String s3Key =
        in.object("ExtendedS3DestinationConfiguration") != null
            ? "ExtendedS3DestinationConfiguration"
            : "S3DestinationConfiguration";
    Members s3 = in.object(s3Key);
    Members http = in.object("HttpEndpointDestinationConfiguration");
    Members redshift = in.object("RedshiftDestinationConfiguration");
    String stored = in.json(GIVEN_DESTINATION); // a catalog entry: JSON, or false for none
    if (s3 != null) {
      readS3(s3, b, problems);
      b.givenDestination(given(stored, in, s3Key));
    } else if (http != null) {
      readHttp(http, b, problems);
      b.givenDestination(given(stored, in, "HttpEndpointDestinationConfiguration"));
    } else if (redshift != null) {
      readJdbc(redshift, b, problems);
      b.givenDestination(given(stored, in, "RedshiftDestinationConfiguration"));
    } else {
      problems.add(
          "ExtendedS3DestinationConfiguration or HttpEndpointDestinationConfiguration must be given");
    }
    List<Members> tags = in.objects("Tags");
    if (tags != null) {
      for (Members t : tags) {
        b.tag(t.string("Key"), t.string("Value") == null ? "" : t.string("Value"));
      }
    }
    try {
      DeliveryStreamConfig config = b.build();
      if (problems.isEmpty()) {
        return config;
      }
    } catch (DeliveryStreamConfig.InvalidConfigException e) {
      problems.addAll(e.problems());
    }
    throw new IllegalArgumentException(String.join("; ", problems));
  }

  private static String given(String stored, Members in, String destination) {
    if (stored == null) {
      return in.json(destination); // a request: the destination as it came
    }
    return "false".equals(stored) ? null : stored;
  }

  private static void readS3(Members s3, DeliveryStreamConfig.Builder b, List<String> problems) {
    String bucketArn = s3.string("BucketARN");
    if (bucketArn == null) {
      problems.add("BucketARN must be given");
      return;
    }
    String bucket =
        bucketArn.startsWith("arn:")
            ? bucketArn.substring(bucketArn.lastIndexOf(':') + 1)
            : bucketArn;
    Compression compression = Compression.UNCOMPRESSED;
    String format = s3.string("CompressionFormat");
    if (format != null) {
      try {
        compression = Compression.valueOf(format.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("CompressionFormat " + format + " is not supported (UNCOMPRESSED, GZIP)");
      }
    }
    boolean newline = readProcessing(s3, b, problems);
    b.destination(
        new Destination.ObjectStorage(
            bucket, s3.string("Prefix"), s3.string("ErrorOutputPrefix"), compression, newline));
    readHintsAndRetries(s3, b);
  }

  private static void readHintsAndRetries(Members d, DeliveryStreamConfig.Builder b) {
    Members hints = d.object("BufferingHints");
    if (hints != null) {
      Integer size = hints.integer("SizeInMBs");
      Integer interval = hints.integer("IntervalInSeconds");
      b.bufferingHints(size == null ? 5 : size, interval == null ? 300 : interval);
    }
    Members retry = d.object("RetryOptions");
    if (retry != null && retry.integer("DurationInSeconds") != null) {
      b.retryDuration(Duration.ofSeconds(retry.integer("DurationInSeconds")));
    }
  }

  private static boolean readProcessing(
      Members d, DeliveryStreamConfig.Builder b, List<String> problems) {
    boolean newline = false;
    Members processing = d.object("ProcessingConfiguration");
    if (processing != null && !Boolean.FALSE.equals(processing.bool("Enabled"))) {
      List<Members> processors = processing.objects("Processors");
      for (Members p : processors == null ? List.<Members>of() : processors) {
        String type = p.string("Type");
        if ("AppendDelimiterToRecord".equals(type)) {
          newline = true;
        } else if ("Lambda".equals(type)) {
          String function = null;
          int retries = 3;
          List<Members> params = p.objects("Parameters");
          for (Members param : params == null ? List.<Members>of() : params) {
            String value = param.string("ParameterValue");
            switch (String.valueOf(param.string("ParameterName"))) {
              case "LambdaArn" -> function = value;
              case "NumberOfRetries" -> retries = Integer.parseInt(value);
              default -> {}
            }
          }
          b.processing(new Processing(function, retries));
        } else {
          problems.add(
              "Processor type " + type + " is not supported (Lambda, AppendDelimiterToRecord)");
        }
      }
    }
    return newline;
  }

  private static void readHttp(Members h, DeliveryStreamConfig.Builder b, List<String> problems) {
    Members endpoint = h.object("EndpointConfiguration");
    String url = endpoint == null ? null : endpoint.string("Url");
    Members backup = h.object("S3Configuration");
    String bucketArn = backup == null ? null : backup.string("BucketARN");
    if (url == null) {
      problems.add("EndpointConfiguration.Url must be given");
    }
    if (bucketArn == null) {
      problems.add("S3Configuration.BucketARN must be given (where failed records go)");
    }
    readProcessing(h, b, problems);
    readHintsAndRetries(h, b);
    if (url == null || bucketArn == null) {
      return;
    }
    Members request = h.object("RequestConfiguration");
    java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
    boolean gzip = false;
    if (request != null) {
      gzip = "GZIP".equals(request.string("ContentEncoding"));
      List<Members> common = request.objects("CommonAttributes");
      for (Members a : common == null ? List.<Members>of() : common) {
        attributes.put(a.string("AttributeName"), a.string("AttributeValue"));
      }
    }
    b.destination(
        new Destination.HttpEndpoint(
            url,
            endpoint.string("Name"),
            endpoint.string("AccessKey"),
            attributes,
            gzip,
            bucket(bucketArn),
            backup.string("ErrorOutputPrefix")));
  }

  private static void readJdbc(Members r, DeliveryStreamConfig.Builder b, List<String> problems) {
    String url = r.string("ClusterJDBCURL");
    Members copy = r.object("CopyCommand");
    String table = copy == null ? null : copy.string("DataTableName");
    Members backup = r.object("S3Configuration");
    String bucketArn = backup == null ? null : backup.string("BucketARN");
    if (url == null || table == null || bucketArn == null) {
      problems.add(
          "ClusterJDBCURL, CopyCommand.DataTableName and S3Configuration.BucketARN must be given");
      return;
    }
    readProcessing(r, b, problems);
    readHintsAndRetries(r, b);
    Members hints = backup.object("BufferingHints");
    if (hints != null && r.object("BufferingHints") == null) {
      readHintsAndRetries(backup, b);
    }
    b.destination(
        new Destination.Jdbc(
            url,
            r.string("Username"),
            r.string("Password"),
            table,
            bucket(bucketArn),
            backup.string("ErrorOutputPrefix")));
  }

  private static String bucket(String arn) {
    return arn.startsWith("arn:") ? arn.substring(arn.lastIndexOf(':') + 1) : arn;
  }

  /** Writes a configuration as the request {@link #read} reads back to an equal one. */
  public static ObjectNode write(DeliveryStreamConfig c) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("DeliveryStreamName", c.name());
    if (c.source() instanceof Source.DirectPut d) {
      root.put("DeliveryStreamType", "DirectPut");
      root.putObject("DirectPutSourceConfiguration").put("Partitions", d.partitions());
    } else if (c.source() instanceof Source.KinesisStream k) {
      root.put("DeliveryStreamType", "KinesisStreamAsSource");
      root.putObject("KinesisStreamSourceConfiguration")
          .put("KinesisStreamARN", "arn:aws:kinesis:::stream/" + k.streamName());
    } else if (c.source() instanceof Source.KafkaTopic t) {
      root.put("DeliveryStreamType", "MSKAsSource");
      root.putObject("MSKSourceConfiguration").put("TopicName", t.topic());
    }
    ObjectNode d;
    if (c.destination() instanceof Destination.HttpEndpoint h) {
      d = root.putObject("HttpEndpointDestinationConfiguration");
      ObjectNode e = d.putObject("EndpointConfiguration").put("Url", h.url());
      if (h.name() != null) {
        e.put("Name", h.name());
      }
      if (h.accessKey() != null) {
        e.put("AccessKey", h.accessKey());
      }
      ObjectNode r = d.putObject("RequestConfiguration");
      r.put("ContentEncoding", h.gzip() ? "GZIP" : "NONE");
      ArrayNode common = r.putArray("CommonAttributes");
      h.commonAttributes()
          .forEach((k, v) -> common.addObject().put("AttributeName", k).put("AttributeValue", v));
      d.put("S3BackupMode", "FailedDataOnly");
      ObjectNode backup =
          d.putObject("S3Configuration").put("BucketARN", "arn:aws:s3:::" + h.backupBucket());
      if (h.errorOutputPrefix() != null) {
        backup.put("ErrorOutputPrefix", h.errorOutputPrefix());
      }
    } else if (c.destination() instanceof Destination.Jdbc j) {
      d = root.putObject("RedshiftDestinationConfiguration");
      d.put("ClusterJDBCURL", j.url());
      d.putObject("CopyCommand").put("DataTableName", j.table());
      if (j.username() != null) {
        d.put("Username", j.username());
      }
      if (j.password() != null) {
        d.put("Password", j.password());
      }
      ObjectNode backup =
          d.putObject("S3Configuration").put("BucketARN", "arn:aws:s3:::" + j.backupBucket());
      if (j.errorOutputPrefix() != null) {
        backup.put("ErrorOutputPrefix", j.errorOutputPrefix());
      }
    } else {
      Destination.ObjectStorage s = (Destination.ObjectStorage) c.destination();
      d = root.putObject("ExtendedS3DestinationConfiguration");
      d.put("BucketARN", "arn:aws:s3:::" + s.bucket());
      d.put("Prefix", s.prefix());
      if (s.errorOutputPrefix() != null) {
        d.put("ErrorOutputPrefix", s.errorOutputPrefix());
      }
      d.put("CompressionFormat", s.compression().name());
    }
    d.putObject("BufferingHints")
        .put("SizeInMBs", c.bufferingHints().sizeInMBs())
        .put("IntervalInSeconds", c.bufferingHints().intervalInSeconds());
    d.putObject("RetryOptions").put("DurationInSeconds", c.retryDuration().toSeconds());
    ArrayNode processors = MAPPER.createArrayNode();
    if (c.processing().enabled()) {
      ObjectNode p = processors.addObject().put("Type", "Lambda");
      ArrayNode params = p.putArray("Parameters");
      params
          .addObject()
          .put("ParameterName", "LambdaArn")
          .put("ParameterValue", c.processing().function());
      params
          .addObject()
          .put("ParameterName", "NumberOfRetries")
          .put("ParameterValue", String.valueOf(c.processing().numberOfRetries()));
    }
    if (c.destination() instanceof Destination.ObjectStorage s && s.newlineDelimiter()) {
      processors.addObject().put("Type", "AppendDelimiterToRecord");
    }
    if (!processors.isEmpty()) {
      ObjectNode processing = d.putObject("ProcessingConfiguration").put("Enabled", true);
      processing.set("Processors", processors);
    }
    if (c.givenDestination() == null) {
      root.put(GIVEN_DESTINATION, false);
    } else {
      try {
        root.set(GIVEN_DESTINATION, MAPPER.readTree(c.givenDestination()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("givenDestination is not JSON: " + e.getMessage(), e);
      }
    }
    ArrayNode tags = root.putArray("Tags");
    c.tags().forEach((k, v) -> tags.addObject().put("Key", k).put("Value", v));
    return root;
  }
}
