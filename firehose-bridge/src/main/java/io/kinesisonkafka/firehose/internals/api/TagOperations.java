package io.kinesisonkafka.firehose.internals.api;

import static io.kinesisonkafka.adapter.server.protocol.Operation.sync;
import static io.kinesisonkafka.firehose.FirehoseErrorCode.INVALID_ARGUMENT;

import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import io.kinesisonkafka.firehose.FirehoseBridge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** TagDeliveryStream, UntagDeliveryStream, ListTagsForDeliveryStream. */
public final class TagOperations {
  private final FirehoseBridge bridge;

  public TagOperations(FirehoseBridge bridge) {
    this.bridge = bridge;
  }

  public Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("TagDeliveryStream", sync(this::tag));
    ops.put("UntagDeliveryStream", sync(this::untag));
    ops.put("ListTagsForDeliveryStream", sync(this::list));
    return ops;
  }

  private Body tag(Input in) {
    String name = Requests.name(in);
    List<Input> tags = in.objects("Tags");
    if (tags == null || tags.isEmpty()) {
      throw INVALID_ARGUMENT.exception("Tags must hold 1 to 50 tags.");
    }
    Map<String, String> byKey = new LinkedHashMap<>();
    for (Input t : tags) {
      String key = t.string("Key");
      if (key == null || key.isEmpty()) {
        throw INVALID_ARGUMENT.exception("A tag key must not be empty.");
      }
      String value = t.string("Value");
      byKey.put(key, value == null ? "" : value);
    }
    bridge.tag(name, byKey);
    return Body.EMPTY;
  }

  private Body untag(Input in) {
    String name = Requests.name(in);
    List<String> keys = in.strings("TagKeys");
    if (keys == null || keys.isEmpty()) {
      throw INVALID_ARGUMENT.exception("TagKeys must hold 1 to 50 keys.");
    }
    bridge.untag(name, keys);
    return Body.EMPTY;
  }

  private Body list(Input in) {
    String name = Requests.name(in);
    String start = in.string("ExclusiveStartTagKey");
    Integer limit = in.integer("Limit");
    int max = limit == null ? 50 : limit;
    List<Map.Entry<String, String>> page = new ArrayList<>();
    boolean more = false;
    for (Map.Entry<String, String> e : new TreeMap<>(bridge.tags(name)).entrySet()) {
      if (start != null && e.getKey().compareTo(start) <= 0) {
        continue;
      }
      if (page.size() == max) {
        more = true;
        break;
      }
      page.add(e);
    }
    boolean hasMore = more;
    return out ->
        out.objects(
                "Tags", page, (o, e) -> o.string("Key", e.getKey()).string("Value", e.getValue()))
            .bool("HasMoreTags", hasMore);
  }
}
