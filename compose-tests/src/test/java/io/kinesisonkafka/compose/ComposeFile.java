package io.kinesisonkafka.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kinesisonkafka.adapter.server.ServerConfig;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.SettingSpec;
import io.kinesisonkafka.firehose.cli.BridgeSetting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * compose/docker-compose.yml read as data, and what in it disagrees with the code: a {@code KOK_}
 * variable or flag no settings table declares, a value the server's configuration rejects, an
 * example class that does not exist, an address or stream no service provides. The image a service
 * runs is told by its build target in compose/Dockerfile: {@code server} takes the server's {@link
 * Setting}s, {@code firehose} those and {@link BridgeSetting}s, {@code examples} a main class and
 * its arguments; other images take no {@code KOK_} variable.
 */
final class ComposeFile {
  static final String EXAMPLES_PACKAGE = "io.kinesisonkafka.examples.";

  private final Path repo;
  private final JsonNode root;

  ComposeFile(Path repo, String yaml) {
    this.repo = repo;
    try {
      this.root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's compose file. */
  static ComposeFile load() {
    Path repo = repoRoot();
    try {
      return new ComposeFile(repo, Files.readString(repo.resolve("compose/docker-compose.yml")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The checkout's root: the first directory up from here that holds compose/. */
  static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("compose/docker-compose.yml"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no compose/docker-compose.yml above " + Path.of("").toAbsolutePath());
  }

  Set<String> services() {
    Set<String> names = new java.util.TreeSet<>();
    root.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** The Dockerfile stage a service is built from, or "" for a service that pulls an image. */
  String target(String service) {
    return root.path("services").path(service).path("build").path("target").asText("");
  }

  /** A service's environment, in either of compose's two forms (map, or list of K=V). */
  Map<String, String> environment(String service) {
    JsonNode env = root.path("services").path(service).path("environment");
    Map<String, String> result = new LinkedHashMap<>();
    if (env.isObject()) {
      env.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
    } else if (env.isArray()) {
      for (JsonNode item : env) {
        String[] kv = item.asText().split("=", 2);
        result.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return result;
  }

  /** A service's command line, in either form (list, or one string split on white space). */
  List<String> command(String service) {
    JsonNode command = root.path("services").path(service).path("command");
    List<String> result = new ArrayList<>();
    if (command.isArray()) {
      command.forEach(c -> result.add(c.asText()));
    } else if (command.isTextual()) {
      result.addAll(Arrays.asList(command.asText().trim().split("\\s+")));
    }
    return result;
  }

  /** Every disagreement with the code, one line each, naming the service; empty when none. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    Set<String> stages = dockerfileStages(problems);
    Set<String> streams = new HashSet<>();
    for (String service : services()) {
      String createStreams = environment(service).get(Setting.CREATE_STREAMS.envVar());
      if (createStreams != null) {
        for (String pair : createStreams.split(",")) {
          streams.add(pair.split(":")[0].trim());
        }
      }
    }
    for (String service : services()) {
      String target = target(service);
      if (!target.isEmpty() && !stages.contains(target)) {
        problems.add(service + ": build target " + target + " is no stage of compose/Dockerfile");
      }
      switch (target) {
        case "server" -> checkEndpoint(service, List.of(Setting.values()), problems);
        case "firehose" -> {
          List<SettingSpec> specs = new ArrayList<>(List.of(Setting.values()));
          specs.addAll(List.of(BridgeSetting.values()));
          checkEndpoint(service, specs, problems);
        }
        case "examples" -> checkExample(service, streams, problems);
        default -> {
          for (String name : environment(service).keySet()) {
            if (name.startsWith("KOK_")) {
              problems.add(service + ": " + name + " set on an image that reads no KOK_ variable");
            }
          }
        }
      }
      for (String dependency : dependsOn(service)) {
        if (!services().contains(dependency)) {
          problems.add(service + ": depends on " + dependency + ", which is no service");
        }
      }
      for (JsonNode volume : root.path("services").path(service).path("volumes")) {
        String host = volume.asText().split(":")[0];
        if (host.startsWith(".")
            && !Files.exists(repo.resolve("compose").resolve(host).normalize())) {
          problems.add(service + ": mounts " + host + ", which does not exist");
        }
      }
    }
    return problems;
  }

  private Set<String> dockerfileStages(List<String> problems) {
    Set<String> stages = new HashSet<>();
    Path dockerfile = repo.resolve("compose/Dockerfile");
    try {
      Matcher m =
          Pattern.compile("(?im)^FROM\\s+\\S+\\s+AS\\s+(\\S+)")
              .matcher(Files.readString(dockerfile));
      while (m.find()) {
        stages.add(m.group(1));
      }
    } catch (IOException e) {
      problems.add("compose/Dockerfile cannot be read: " + e);
    }
    return stages;
  }

  private List<String> dependsOn(String service) {
    JsonNode deps = root.path("services").path(service).path("depends_on");
    List<String> names = new ArrayList<>();
    if (deps.isArray()) {
      deps.forEach(d -> names.add(d.asText()));
    } else {
      deps.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  /**
   * A Kinesis endpoint's variables and flags must each be in its tables, and the server's
   * configuration must accept their values as the process would (environment, then flags).
   */
  private void checkEndpoint(String service, List<SettingSpec> specs, List<String> problems) {
    Map<String, SettingSpec> byEnv = new LinkedHashMap<>();
    Map<String, SettingSpec> byFlag = new LinkedHashMap<>();
    specs.forEach(s -> byEnv.put(s.envVar(), s));
    specs.forEach(s -> byFlag.put(s.flag(), s));
    Map<String, String> env = environment(service);
    for (String name : env.keySet()) {
      if (name.startsWith("KOK_") && !byEnv.containsKey(name)) {
        problems.add(service + ": " + name + " is in no settings table");
      }
    }
    Map<Setting, String> serverFlags = new EnumMap<>(Setting.class);
    List<String> args = command(service);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        problems.add(service + ": argument " + arg + " follows no flag");
        continue;
      }
      String flag = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
      if (value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        value = args.get(++i);
      }
      SettingSpec spec = byFlag.get(flag);
      if (spec == null) {
        problems.add(service + ": flag " + flag + " is in no settings table");
      } else if (value == null) {
        problems.add(service + ": flag " + flag + " has no value");
      } else if (spec instanceof Setting s) {
        serverFlags.put(s, value);
      }
    }
    try {
      ServerConfig.from(env, serverFlags);
    } catch (IllegalArgumentException e) {
      problems.add(service + ": the server rejects its settings: " + e.getMessage());
    }
  }

  /**
   * An example's command is a main class of the examples module and its arguments; an address among
   * them must name a service, and the stream (second argument) one created at start.
   */
  private void checkExample(String service, Set<String> streams, List<String> problems) {
    List<String> args = command(service);
    if (args.isEmpty()) {
      problems.add(service + ": no command (the examples image needs a main class)");
      return;
    }
    String className = args.get(0);
    try {
      Class<?> c = Class.forName(className);
      Method main = c.getMethod("main", String[].class);
      if (!className.startsWith(EXAMPLES_PACKAGE) || !Modifier.isStatic(main.getModifiers())) {
        problems.add(service + ": " + className + " is no example program");
      }
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      problems.add(service + ": " + className + " is no class with a main method: " + e);
    }
    for (String arg : args.subList(1, args.size())) {
      String host = host(arg);
      if (host != null && !services().contains(host)) {
        problems.add(service + ": " + arg + " names no service");
      }
    }
    if (args.size() > 2 && !streams.contains(args.get(2))) {
      problems.add(service + ": stream " + args.get(2) + " is not created at start " + streams);
    }
  }

  /** The host of {@code http://kinesis:4567} or {@code kafka:9092}; null for anything else. */
  static String host(String arg) {
    if (arg.contains("://")) {
      return URI.create(arg).getHost();
    }
    Matcher m = Pattern.compile("([a-z][a-z0-9-]*):\\d+").matcher(arg);
    return m.matches() ? m.group(1) : null;
  }

  /** The {@code host:port} targets prometheus/prometheus.yml scrapes. */
  static List<String> scrapeTargets() {
    Path file = repoRoot().resolve("compose/prometheus/prometheus.yml");
    try {
      JsonNode prometheus = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      List<String> targets = new ArrayList<>();
      for (JsonNode job : prometheus.path("scrape_configs")) {
        for (JsonNode c : job.path("static_configs")) {
          c.path("targets").forEach(t -> targets.add(t.asText()));
        }
      }
      return targets;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
