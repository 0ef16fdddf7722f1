package io.kinesisonkafka.agent.internals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint file: per flow, per file identity, the source offset whose records Kafka
 * acknowledged. Written whole to a temporary file in the same directory, forced to disk, renamed
 * over the old one (atomic), and the directory forced: after a crash the file is the old or the new
 * version, never a mix.
 */
final class Checkpoints {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** One file's checkpoint. */
  record FileCheckpoint(
      String id, String path, long offset, int headLength, long headHash, Instant seen) {}

  private final Path file;

  Checkpoints(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Flow id to its files; flows never checkpointed are absent. */
  Map<String, List<FileCheckpoint>> load() throws IOException {
    Map<String, List<FileCheckpoint>> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    JsonNode root = MAPPER.readTree(file.toFile());
    JsonNode flows = root.path("flows");
    for (Iterator<Map.Entry<String, JsonNode>> it = flows.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> flow = it.next();
      List<FileCheckpoint> files = new ArrayList<>();
      for (JsonNode f : flow.getValue().path("files")) {
        files.add(
            new FileCheckpoint(
                f.path("id").asText(),
                f.path("path").asText(),
                f.path("offset").asLong(),
                f.path("headLength").asInt(),
                f.path("headHash").asLong(),
                Instant.parse(f.path("seen").asText(Instant.EPOCH.toString()))));
      }
      out.put(flow.getKey(), files);
    }
    return out;
  }

  void store(Map<String, List<FileCheckpoint>> flows) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", 1);
    ObjectNode flowsNode = root.putObject("flows");
    flows.forEach(
        (id, files) -> {
          ArrayNode list = flowsNode.putObject(id).putArray("files");
          for (FileCheckpoint f : files) {
            list.addObject()
                .put("id", f.id())
                .put("path", f.path())
                .put("offset", f.offset())
                .put("headLength", f.headLength())
                .put("headHash", f.headHash())
                .put("seen", f.seen().toString());
          }
        });
    byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some file systems cannot force a directory; the rename is then as durable as they allow.
    }
  }
}
