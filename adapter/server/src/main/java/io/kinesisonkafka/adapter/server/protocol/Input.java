package io.kinesisonkafka.adapter.server.protocol;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.SERIALIZATION;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's members, read by name with the type the Kinesis model gives them. A member of the
 * wrong type is a SerializationException, as the service answers; absent members are null.
 */
public final class Input {
  /** The members; null until first read when the input was made {@link #lazy}. */
  private JsonNode node;

  /** The body, kept only by a lazy input until its tree is read. */
  private byte[] body;

  private final WireFormat format;

  Input(JsonNode node, WireFormat format) {
    this.node = node;
    this.format = format;
  }

  /**
   * An input whose body is parsed on first use, with the same errors {@link #parse} throws: for
   * operations that read their body with a streaming parser ({@link #putRecords}).
   */
  public static Input lazy(byte[] body, WireFormat format) {
    Input input = new Input(null, format);
    input.body = body;
    return input;
  }

  static Input parse(byte[] body, WireFormat format) {
    JsonNode node;
    try {
      node = format.parse(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw SERIALIZATION.exception("Unable to parse the request body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw SERIALIZATION.exception("Unable to parse the request body: " + e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw SERIALIZATION.exception("Empty request body");
    }
    if (!node.isObject()) {
      throw SERIALIZATION.exception("Start of structure or map expected.");
    }
    return new Input(node, format);
  }

  private JsonNode member(String name) {
    if (node == null) {
      node = parse(body, format).node;
      body = null;
    }
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  private static KinesisException wrongType(String name, JsonNode v, String expected) {
    return SERIALIZATION.exception(
        "class %s can not be converted to %s (member %s)", typeName(v), expected, name);
  }

  private static String typeName(JsonNode v) {
    if (v.isTextual()) {
      return "java.lang.String";
    }
    if (v.isNumber()) {
      return "java.lang.Number";
    }
    if (v.isBoolean()) {
      return "java.lang.Boolean";
    }
    if (v.isBinary()) {
      return "java.nio.ByteBuffer";
    }
    return v.isArray() ? "java.util.List" : "java.util.Map";
  }

  public String string(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw wrongType(name, v, "a String");
    }
    return v.textValue();
  }

  public Integer integer(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToInt()) {
      return v.intValue();
    }
    throw wrongType(name, v, "an Integer");
  }

  public Boolean bool(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw wrongType(name, v, "a Boolean");
    }
    return v.booleanValue();
  }

  /**
   * A blob: a CBOR byte string, or base64 text (JSON, and CBOR clients that send text). Strict
   * base64: a character outside the alphabet is a SerializationException, never silently skipped.
   */
  public byte[] blob(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (v.isBinary()) {
      try {
        return v.binaryValue();
      } catch (IOException e) {
        throw wrongType(name, v, "a Blob");
      }
    }
    if (v.isTextual()) {
      try {
        return Base64.getDecoder().decode(v.textValue());
      } catch (IllegalArgumentException e) {
        throw SERIALIZATION.exception("Base64 encoded value of member %s is invalid.", name);
      }
    }
    throw wrongType(name, v, "a Blob");
  }

  public Instant timestamp(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    try {
      return format.readTimestamp(v);
    } catch (RuntimeException e) {
      throw wrongType(name, v, "a Timestamp");
    }
  }

  public Input object(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw SERIALIZATION.exception(
          "Start of structure or map found where not expected (member %s).", name);
    }
    return new Input(v, format);
  }

  public List<Input> objects(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw SERIALIZATION.exception("Start of list expected (member %s).", name);
    }
    List<Input> out = new ArrayList<>(v.size());
    for (JsonNode item : v) {
      if (!item.isObject()) {
        throw SERIALIZATION.exception("Start of structure or map expected in list %s.", name);
      }
      out.add(new Input(item, format));
    }
    return out;
  }

  public List<String> strings(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw SERIALIZATION.exception("Start of list expected (member %s).", name);
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw wrongType(name, item, "a String");
      }
      out.add(item.textValue());
    }
    return out;
  }

  public Map<String, String> stringMap(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      throw SERIALIZATION.exception("Start of structure or map expected (member %s).", name);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw wrongType(name, e.getValue(), "a String");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  /**
   * A member as JSON text, whatever its type, exactly as the request gave it (CBOR byte strings
   * become base64 text); null when absent. For operations that keep a structure as given, to echo
   * it later (Firehose's DescribeDeliveryStream).
   */
  public String json(String name) {
    JsonNode v = member(name);
    return v == null ? null : v.toString();
  }

  /**
   * PutRecords' members: read straight from the body when the body was not parsed yet and is in the
   * shape the SDKs send (see {@link PutInput}), else from the tree, member by member, with the
   * tree's errors.
   */
  public PutInput putRecords() {
    if (node == null) {
      PutInput fast = PutInput.read(body, format, true);
      if (fast != null) {
        body = null;
        return fast;
      }
    }
    return PutInput.fromTree(this, true);
  }

  /** PutRecord's members, read as {@link #putRecords()} reads PutRecords'. */
  public PutInput putRecord() {
    if (node == null) {
      PutInput fast = PutInput.read(body, format, false);
      if (fast != null) {
        body = null;
        return fast;
      }
    }
    return PutInput.fromTree(this, false);
  }

  /** StreamName and StreamARN, as every stream-scoped operation takes them. */
  public StreamRef stream() {
    return new StreamRef(string("StreamName"), string("StreamARN"));
  }
}
