package io.kinesisonkafka.firehose.internals.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A structure's members by name: a request of the API (the server's protocol {@code Input}, read
 * through {@code internals.api.InputMembers}) or a JSON document (a delivery streams file, a
 * catalog entry), so both are read by the one {@link ConfigJson}. This package knows nothing of the
 * server.
 */
public interface Members {
  String string(String name);

  Integer integer(String name);

  Boolean bool(String name);

  Members object(String name);

  List<Members> objects(String name);

  /** A member as JSON text, exactly as given; null when absent. */
  String json(String name);

  /** The members of a JSON object. */
  static Members of(JsonNode node) {
    return new Members() {
      private JsonNode member(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
      }

      @Override
      public String string(String name) {
        JsonNode v = member(name);
        return v == null ? null : v.asText();
      }

      @Override
      public Integer integer(String name) {
        JsonNode v = member(name);
        if (v == null) {
          return null;
        }
        if (!v.canConvertToInt() && !v.isTextual()) {
          throw new IllegalArgumentException(name + " must be an integer, but was " + v);
        }
        return v.isTextual() ? Integer.valueOf(v.textValue()) : v.intValue();
      }

      @Override
      public Boolean bool(String name) {
        JsonNode v = member(name);
        return v == null ? null : v.asBoolean();
      }

      @Override
      public Members object(String name) {
        JsonNode v = member(name);
        return v == null ? null : of(v);
      }

      @Override
      public String json(String name) {
        JsonNode v = member(name);
        return v == null ? null : v.toString();
      }

      @Override
      public List<Members> objects(String name) {
        JsonNode v = member(name);
        if (v == null) {
          return null;
        }
        List<Members> out = new ArrayList<>();
        v.forEach(i -> out.add(of(i)));
        return out;
      }
    };
  }
}
