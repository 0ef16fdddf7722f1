package io.kinesisonkafka.lambda.internals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * One Lambda filter pattern (the EventBridge-style rule syntax Lambda's {@code FilterCriteria}
 * takes), compiled once. For a Kinesis source Lambda filters on {@code data} only (the record's
 * data parsed as JSON); a record whose data is not a JSON object matches no pattern that looks into
 * it. Supported: exact values (string, number, boolean, null, empty string), {@code prefix}, {@code
 * suffix}, {@code equals-ignore-case}, {@code wildcard}, {@code anything-but} (values, or a prefix
 * / suffix / equals-ignore-case), {@code numeric} ranges, {@code exists}, and {@code $or}.
 */
public final class FilterPattern {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Predicate<JsonNode> rule;

  private FilterPattern(Predicate<JsonNode> rule) {
    this.rule = rule;
  }

  /**
   * Compiles a pattern.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static FilterPattern compile(String pattern) {
    JsonNode root;
    try {
      root = JSON.readTree(pattern);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new IllegalArgumentException("must be a non-empty JSON object");
    }
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!key.equals("data") && !key.equals("$or")) {
        throw new IllegalArgumentException(
            "Kinesis event source mappings filter on the data key only, not on '" + key + "'");
      }
    }
    return new FilterPattern(object(root));
  }

  /**
   * Whether a record passes.
   *
   * @param data the record's data parsed as JSON, or null when it is not JSON
   */
  public boolean matches(JsonNode data) {
    ObjectNodeView event = new ObjectNodeView(data);
    return rule.test(event.node);
  }

  /** {"data": data} without copying. */
  private static final class ObjectNodeView {
    final JsonNode node;

    ObjectNodeView(JsonNode data) {
      com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();
      if (data != null) {
        o.set("data", data);
      }
      node = o;
    }
  }

  private static Predicate<JsonNode> object(JsonNode pattern) {
    List<Predicate<JsonNode>> all = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = pattern.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals("$or")) {
        if (!value.isArray() || value.size() < 2) {
          throw new IllegalArgumentException("$or must be a list of at least two patterns");
        }
        List<Predicate<JsonNode>> any = new ArrayList<>();
        for (JsonNode alternative : value) {
          if (!alternative.isObject()) {
            throw new IllegalArgumentException("$or must hold objects, but held " + alternative);
          }
          any.add(object(alternative));
        }
        all.add(node -> any.stream().anyMatch(p -> p.test(node)));
      } else if (value.isObject()) {
        Predicate<JsonNode> nested = object(value);
        all.add(node -> node != null && node.isObject() && nested.test(node.get(key)));
      } else if (value.isArray()) {
        if (value.isEmpty()) {
          throw new IllegalArgumentException("the list for '" + key + "' is empty");
        }
        List<Leaf> leaves = new ArrayList<>();
        for (JsonNode v : value) {
          leaves.add(leaf(key, v));
        }
        all.add(
            node -> {
              JsonNode field = node != null && node.isObject() ? node.get(key) : null;
              for (Leaf l : leaves) {
                if (l.test(field)) {
                  return true;
                }
              }
              return false;
            });
      } else {
        throw new IllegalArgumentException(
            "'" + key + "' must map to an object or a list of values, but was " + value);
      }
    }
    return node -> {
      for (Predicate<JsonNode> p : all) {
        if (!p.test(node)) {
          return false;
        }
      }
      return true;
    };
  }

  /** A test of one field: absent is null. */
  private interface Leaf {
    boolean test(JsonNode field);
  }

  /** A test of one present value; arrays in the data match when any element does. */
  private static Leaf onValues(Predicate<JsonNode> value) {
    return field -> {
      if (field == null || field.isMissingNode()) {
        return false;
      }
      if (field.isArray()) {
        for (JsonNode v : field) {
          if (value.test(v)) {
            return true;
          }
        }
        return false;
      }
      return value.test(field);
    };
  }

  private static Leaf leaf(String key, JsonNode v) {
    if (!v.isObject()) {
      return onValues(equalTo(v));
    }
    if (v.size() != 1) {
      throw new IllegalArgumentException(
          "a matcher for '" + key + "' must have one operator: " + v);
    }
    Map.Entry<String, JsonNode> op = v.properties().iterator().next();
    JsonNode arg = op.getValue();
    return switch (op.getKey()) {
      case "exists" -> {
        if (!arg.isBoolean()) {
          throw new IllegalArgumentException("exists takes true or false, but was " + arg);
        }
        boolean want = arg.asBoolean();
        yield field -> (field != null && !field.isMissingNode()) == want;
      }
      case "prefix", "suffix", "equals-ignore-case", "wildcard" ->
          onValues(stringMatcher(op.getKey(), arg));
      case "numeric" -> onValues(numeric(arg));
      case "anything-but" -> onValues(anythingBut(arg));
      default -> throw new IllegalArgumentException("unknown operator '" + op.getKey() + "'");
    };
  }

  private static Predicate<JsonNode> equalTo(JsonNode expected) {
    if (expected.isNumber()) {
      double want = expected.asDouble();
      return v -> v.isNumber() && v.asDouble() == want;
    }
    if (expected.isNull()) {
      return JsonNode::isNull;
    }
    if (expected.isBoolean()) {
      boolean want = expected.asBoolean();
      return v -> v.isBoolean() && v.asBoolean() == want;
    }
    if (expected.isTextual()) {
      String want = expected.asText();
      return v -> v.isTextual() && v.asText().equals(want);
    }
    throw new IllegalArgumentException("cannot match a value against " + expected);
  }

  private static Predicate<JsonNode> stringMatcher(String op, JsonNode arg) {
    if (!arg.isTextual()) {
      throw new IllegalArgumentException(op + " takes a string, but was " + arg);
    }
    String s = arg.asText();
    return switch (op) {
      case "prefix" -> v -> v.isTextual() && v.asText().startsWith(s);
      case "suffix" -> v -> v.isTextual() && v.asText().endsWith(s);
      case "equals-ignore-case" -> v -> v.isTextual() && v.asText().equalsIgnoreCase(s);
      default -> {
        Pattern p =
            Pattern.compile(
                java.util.Arrays.stream(s.split("\\*", -1))
                    .map(Pattern::quote)
                    .collect(java.util.stream.Collectors.joining(".*")));
        yield v -> v.isTextual() && p.matcher(v.asText()).matches();
      }
    };
  }

  private static Predicate<JsonNode> numeric(JsonNode arg) {
    if (!arg.isArray() || arg.isEmpty() || arg.size() % 2 != 0 || arg.size() > 4) {
      throw new IllegalArgumentException(
          "numeric takes one or two (operator, number) pairs, but was " + arg);
    }
    List<Predicate<Double>> tests = new ArrayList<>();
    for (int i = 0; i < arg.size(); i += 2) {
      String cmp = arg.get(i).asText();
      JsonNode n = arg.get(i + 1);
      if (!n.isNumber()) {
        throw new IllegalArgumentException("numeric compares with numbers, but was " + n);
      }
      double bound = n.asDouble();
      tests.add(
          switch (cmp) {
            case "=" -> d -> d == bound;
            case "<" -> d -> d < bound;
            case "<=" -> d -> d <= bound;
            case ">" -> d -> d > bound;
            case ">=" -> d -> d >= bound;
            default -> throw new IllegalArgumentException("unknown numeric operator '" + cmp + "'");
          });
    }
    return v -> v.isNumber() && tests.stream().allMatch(t -> t.test(v.asDouble()));
  }

  private static Predicate<JsonNode> anythingBut(JsonNode arg) {
    if (arg.isObject()) {
      if (arg.size() != 1) {
        throw new IllegalArgumentException("anything-but takes one operator: " + arg);
      }
      Map.Entry<String, JsonNode> op = arg.properties().iterator().next();
      Predicate<JsonNode> inner = stringMatcher(op.getKey(), op.getValue());
      if (op.getKey().equals("wildcard")) {
        throw new IllegalArgumentException("anything-but does not take wildcard here");
      }
      return v -> v.isTextual() && !inner.test(v);
    }
    List<Predicate<JsonNode>> excluded = new ArrayList<>();
    if (arg.isArray()) {
      for (JsonNode a : arg) {
        excluded.add(equalTo(a));
      }
    } else {
      excluded.add(equalTo(arg));
    }
    return v -> excluded.stream().noneMatch(p -> p.test(v));
  }

  @Override
  public String toString() {
    return "FilterPattern";
  }
}
