package io.kinesisonkafka.adapter.server.operations;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.server.protocol.Operation.sync;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.ListTagsForStreamRequest;
import io.kinesisonkafka.adapter.model.ListTagsResult;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stream tags, by stream (…TagsToStream) and by resource ARN (…Resource). */
final class TagOperations {
  private final KinesisEngine engine;

  TagOperations(KinesisEngine engine) {
    this.engine = engine;
  }

  Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("AddTagsToStream", sync(in -> add(in.stream(), in.stringMap("Tags"))));
    ops.put("RemoveTagsFromStream", sync(in -> remove(in.stream(), in.strings("TagKeys"))));
    ops.put("ListTagsForStream", sync(this::listTagsForStream));
    ops.put("TagResource", sync(in -> add(resource(in), in.stringMap("Tags"))));
    ops.put("UntagResource", sync(in -> remove(resource(in), in.strings("TagKeys"))));
    ops.put("ListTagsForResource", sync(this::listTagsForResource));
    return ops;
  }

  private static StreamRef resource(Input in) {
    String arn = in.string("ResourceARN");
    if (arn == null) {
      throw InputChecks.required("resourceARN");
    }
    if (arn.contains("/consumer/")) {
      throw INVALID_ARGUMENT.exception("Tags on consumers are not supported: %s", arn);
    }
    return StreamRef.arn(arn);
  }

  private Body add(StreamRef ref, Map<String, String> tags) {
    engine.addTagsToStream(ref, tags);
    return Body.EMPTY;
  }

  private Body remove(StreamRef ref, List<String> keys) {
    engine.removeTagsFromStream(ref, keys);
    return Body.EMPTY;
  }

  private static Body tags(ListTagsResult r) {
    return out ->
        out.objects(
            "Tags", r.tags(), (o, t) -> o.string("Key", t.key()).string("Value", t.value()));
  }

  private Body listTagsForStream(Input in) {
    ListTagsResult r =
        engine.listTagsForStream(
            new ListTagsForStreamRequest(
                in.stream(), in.string("ExclusiveStartTagKey"), in.integer("Limit")));
    Body tags = tags(r);
    return out -> {
      tags.write(out);
      out.bool("HasMoreTags", r.hasMoreTags());
    };
  }

  private Body listTagsForResource(Input in) {
    return tags(engine.listTagsForStream(ListTagsForStreamRequest.of(resource(in))));
  }
}
