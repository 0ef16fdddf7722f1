package io.kinesisonkafka.firehose.internals.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.kinesisonkafka.adapter.server.protocol.Input;
import java.util.ArrayList;
import java.util.List;

/**
 * A structure's members by name: a request of the API ({@link Input}) or a JSON document (a
 * delivery streams file, a catalog entry), so both are read by the one {@link ConfigJson}.
 */
public interface Members {
  String string(String name);

  Integer integer(String name);

  Boolean bool(String name);

  Members object(String name);

  List<Members> objects(String name);

  static Members of(Input input) {
    return new Members() {
      @Override
      public String string(String name) {
        return input.string(name);
      }

      @Override
      public Integer integer(String name) {
        return input.integer(name);
      }

      @Override
      public Boolean bool(String name) {
        return input.bool(name);
      }

      @Override
      public Members object(String name) {
        Input in = input.object(name);
        return in == null ? null : of(in);
      }

      @Override
      public List<Members> objects(String name) {
        List<Input> in = input.objects(name);
        if (in == null) {
          return null;
        }
        List<Members> out = new ArrayList<>();
        in.forEach(i -> out.add(of(i)));
        return out;
      }
    };
  }

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
