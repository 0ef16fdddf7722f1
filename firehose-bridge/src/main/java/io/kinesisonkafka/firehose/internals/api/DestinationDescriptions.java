package io.kinesisonkafka.firehose.internals.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisonkafka.adapter.server.protocol.Output;
import io.kinesisonkafka.firehose.DeliveryStreamConfig;
import io.kinesisonkafka.firehose.Destination;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A DescribeDeliveryStream destination: every member the CreateDeliveryStream request gave, under
 * the description's names (S3Configuration is S3DestinationDescription, ...), secrets left out,
 * with what the bridge actually uses (bucket, prefixes, buffering, processing) written over it and
 * the members the Firehose API reference marks required filled in.
 *
 * <p>Why echo: generated Firehose clients model required members (an S3 destination's RoleARN,
 * BufferingHints, CompressionFormat, EncryptionConfiguration) as non-optional and fail on a
 * description without them; the bridge needs no IAM role but must hand back the one it was given.
 */
final class DestinationDescriptions {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Request member → description member, at any depth; a member mapped to null is left out. */
  private static final Map<String, String> RENAMES =
      Map.of(
          "S3Configuration", "S3DestinationDescription",
          "S3BackupConfiguration", "S3BackupDescription");

  private static final List<String> SECRETS = List.of("Password", "AccessKey");

  private DestinationDescriptions() {}

  /** The members of one entry of {@code Destinations}. */
  static ObjectNode of(DeliveryStreamConfig c) {
    ObjectNode given = described(parse(c.givenDestination()));
    ObjectNode out = JSON.createObjectNode().put("DestinationId", "destinationId-000000000001");
    if (c.destination() instanceof Destination.HttpEndpoint http) {
      ObjectNode d = given;
      out.set("HttpEndpointDestinationDescription", d);
      ObjectNode endpoint = object(d, "EndpointConfiguration").put("Url", http.url());
      putIfNotNull(endpoint, "Name", http.name());
      d.set("BufferingHints", hints(c));
      object(d, "RetryOptions").put("DurationInSeconds", c.retryDuration().toSeconds());
      if (!d.has("S3BackupMode")) {
        d.put("S3BackupMode", "FailedDataOnly");
      }
      backup(object(d, "S3DestinationDescription"), http.backupBucket(), http.errorOutputPrefix());
    } else if (c.destination() instanceof Destination.Jdbc jdbc) {
      ObjectNode d = given;
      out.set("RedshiftDestinationDescription", d);
      d.put("ClusterJDBCURL", jdbc.url());
      object(d, "CopyCommand").put("DataTableName", jdbc.table());
      putIfNotNull(d, "Username", jdbc.username());
      object(d, "RetryOptions").put("DurationInSeconds", c.retryDuration().toSeconds());
      backup(object(d, "S3DestinationDescription"), jdbc.backupBucket(), jdbc.errorOutputPrefix());
    } else {
      Destination.ObjectStorage s = (Destination.ObjectStorage) c.destination();
      ObjectNode d = given;
      out.set("ExtendedS3DestinationDescription", d);
      d.put("BucketARN", "arn:aws:s3:::" + s.bucket());
      putIfNotNull(d, "Prefix", s.prefix());
      putIfNotNull(d, "ErrorOutputPrefix", s.errorOutputPrefix());
      d.set("BufferingHints", hints(c));
      d.put("CompressionFormat", s.compression().name());
      if (!d.has("EncryptionConfiguration")) {
        d.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
      }
      processing(d, c, s.newlineDelimiter());
    }
    return out;
  }

  /** Writes the members of {@code node} (an object) to {@code out}, each with its JSON type. */
  static void write(Output out, JsonNode node) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode v = e.getValue();
      if (v.isTextual()) {
        out.string(name, v.textValue());
      } else if (v.isIntegralNumber()) {
        out.number(name, v.longValue());
      } else if (v.isNumber()) {
        out.string(name, v.asText());
      } else if (v.isBoolean()) {
        out.bool(name, v.booleanValue());
      } else if (v.isObject()) {
        out.object(name, o -> write(o, v));
      } else if (v.isArray()) {
        List<String> strings = new ArrayList<>();
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode item : v) {
          if (item.isObject()) {
            objects.add(item);
          } else {
            strings.add(item.asText());
          }
        }
        if (objects.isEmpty()) {
          out.strings(name, strings);
        } else {
          out.objects(name, objects, DestinationDescriptions::write);
        }
      }
    }
  }

  private static void backup(ObjectNode b, String bucket, String errorOutputPrefix) {
    b.put("BucketARN", "arn:aws:s3:::" + bucket);
    putIfNotNull(b, "ErrorOutputPrefix", errorOutputPrefix);
    if (!b.has("BufferingHints")) {
      b.putObject("BufferingHints").put("SizeInMBs", 5).put("IntervalInSeconds", 300);
    }
    if (!b.has("CompressionFormat")) {
      b.put("CompressionFormat", "UNCOMPRESSED");
    }
    if (!b.has("EncryptionConfiguration")) {
      b.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
    }
  }

  private static ObjectNode hints(DeliveryStreamConfig c) {
    return JSON.createObjectNode()
        .put("SizeInMBs", c.bufferingHints().sizeInMBs())
        .put("IntervalInSeconds", c.bufferingHints().intervalInSeconds());
  }

  private static void processing(ObjectNode d, DeliveryStreamConfig c, boolean newline) {
    ArrayNode processors = JSON.createArrayNode();
    if (c.processing().enabled()) {
      ArrayNode params = processors.addObject().put("Type", "Lambda").putArray("Parameters");
      params
          .addObject()
          .put("ParameterName", "LambdaArn")
          .put("ParameterValue", c.processing().function());
      params
          .addObject()
          .put("ParameterName", "NumberOfRetries")
          .put("ParameterValue", String.valueOf(c.processing().numberOfRetries()));
    }
    if (newline) {
      processors.addObject().put("Type", "AppendDelimiterToRecord");
    }
    ObjectNode p = d.putObject("ProcessingConfiguration").put("Enabled", !processors.isEmpty());
    p.set("Processors", processors);
  }

  /** The request's names turned into the description's, secrets left out, at every depth. */
  private static ObjectNode described(ObjectNode request) {
    ObjectNode out = JSON.createObjectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = request.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (SECRETS.contains(e.getKey())) {
        continue;
      }
      String name = RENAMES.getOrDefault(e.getKey(), e.getKey());
      JsonNode v = e.getValue();
      out.set(name, v.isObject() ? described((ObjectNode) v) : v.deepCopy());
    }
    return out;
  }

  private static ObjectNode object(ObjectNode parent, String name) {
    JsonNode v = parent.get(name);
    return v instanceof ObjectNode o ? o : parent.putObject(name);
  }

  private static void putIfNotNull(ObjectNode node, String name, String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static ObjectNode parse(String json) {
    if (json == null) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode node = JSON.readTree(json);
      return node instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored destination is not JSON", e);
    }
  }
}
