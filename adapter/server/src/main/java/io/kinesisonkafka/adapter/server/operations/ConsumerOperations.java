package io.kinesisonkafka.adapter.server.operations;

import static io.kinesisonkafka.adapter.server.protocol.Operation.sync;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.ConsumerDescription;
import io.kinesisonkafka.adapter.model.ConsumerRef;
import io.kinesisonkafka.adapter.model.ListConsumersResult;
import io.kinesisonkafka.adapter.model.ListStreamConsumersRequest;
import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import java.util.LinkedHashMap;
import java.util.Map;

/** Enhanced fan-out consumers. */
final class ConsumerOperations {
  private final KinesisEngine engine;

  ConsumerOperations(KinesisEngine engine) {
    this.engine = engine;
  }

  Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("RegisterStreamConsumer", sync(this::register));
    ops.put("DescribeStreamConsumer", sync(this::describe));
    ops.put("ListStreamConsumers", sync(this::list));
    ops.put("DeregisterStreamConsumer", sync(this::deregister));
    return ops;
  }

  private Body register(Input in) {
    ConsumerDescription c =
        engine.registerStreamConsumer(in.string("StreamARN"), in.string("ConsumerName"));
    return out -> out.object("Consumer", o -> Shapes.consumer(o, c, false));
  }

  private Body describe(Input in) {
    ConsumerDescription c =
        engine.describeStreamConsumer(
            new ConsumerRef(
                in.string("StreamARN"), in.string("ConsumerName"), in.string("ConsumerARN")));
    return out -> out.object("ConsumerDescription", o -> Shapes.consumer(o, c, true));
  }

  private Body list(Input in) {
    ListConsumersResult r =
        engine.listStreamConsumers(
            new ListStreamConsumersRequest(
                in.string("StreamARN"), in.string("NextToken"), in.integer("MaxResults")));
    return out ->
        out.objects("Consumers", r.consumers(), (o, c) -> Shapes.consumer(o, c, false))
            .string("NextToken", r.nextToken());
  }

  private Body deregister(Input in) {
    engine.deregisterStreamConsumer(
        new ConsumerRef(
            in.string("StreamARN"), in.string("ConsumerName"), in.string("ConsumerARN")));
    return Body.EMPTY;
  }
}
