package io.kinesisonkafka.adapter.cli;

import io.kinesisonkafka.adapter.server.SettingSpec;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** A settings table as picocli options, and back: the flags a command line set, by setting. */
public final class SettingOptions {
  private SettingOptions() {}

  /** Adds one string option per setting, its usage naming the variable and the default. */
  public static void addTo(CommandSpec spec, SettingSpec... settings) {
    for (SettingSpec s : settings) {
      spec.addOption(
          OptionSpec.builder(s.flag())
              .paramLabel(s.paramLabel())
              .type(String.class)
              .description(
                  s.doc()
                      + " Env "
                      + s.envVar()
                      + (s.defaultValue().isEmpty() ? "." : ". Default: " + s.defaultValue() + "."))
              .build());
    }
  }

  /** The settings of {@code type} that the command line gave, with their values. */
  public static <E extends Enum<E> & SettingSpec> Map<E, String> matched(
      ParseResult parsed, Class<E> type) {
    Map<E, String> flags = new EnumMap<>(type);
    for (E s : type.getEnumConstants()) {
      if (parsed.hasMatchedOption(s.flag())) {
        flags.put(s, parsed.matchedOptionValue(s.flag(), ""));
      }
    }
    return flags;
  }
}
