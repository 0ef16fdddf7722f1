package io.kinesisonkafka.firehose.internals.api;

import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.firehose.internals.config.Members;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's members as {@link Members}, so the API reads configurations with {@code ConfigJson}.
 */
final class InputMembers {
  private InputMembers() {}

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
      public String json(String name) {
        return input.json(name);
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
}
