package io.kinesisonkafka.agent.internals;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The regular files a {@code filePattern} matches. Globs may appear in directories too; {@code **}
 * matches any number of directories, none included ({@code /var/log/**}{@code /app*.log} matches
 * {@code /var/log/app1.log} and {@code /var/log/a/b/app2.log}). Compressed files ({@code .gz},
 * {@code .bz2}, {@code .zip}) are skipped, as the AWS agent skips them. A directory that cannot be
 * read is reported to {@code unreadable} and skipped; the walk goes on.
 */
final class FileFinder {
  private final Path base;
  private final int maxDepth;
  private final List<PathMatcher> matchers = new ArrayList<>();

  FileFinder(String pattern) {
    String[] parts = pattern.split("/");
    StringBuilder fixed = new StringBuilder();
    int firstGlob = parts.length - 1;
    for (int i = 1; i < parts.length - 1; i++) {
      if (hasGlob(parts[i])) {
        firstGlob = i;
        break;
      }
      fixed.append('/').append(parts[i]);
    }
    this.base = Path.of(fixed.length() == 0 ? "/" : fixed.toString());
    boolean deep = pattern.contains("**");
    this.maxDepth = deep ? Integer.MAX_VALUE : parts.length - firstGlob;
    matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
    if (deep) {
      // "a/**/b" should also match "a/b": ** may stand for no directory at all.
      matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("/**/", "/")));
    }
  }

  /** The directory every match is under: where the walk starts. */
  Path base() {
    return base;
  }

  List<Path> find(Consumer<String> unreadable) {
    List<Path> found = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      unreadable.accept(base + " does not exist or is not a directory");
      return found;
    }
    try {
      Files.walkFileTree(
          base,
          EnumSet.noneOf(FileVisitOption.class),
          maxDepth,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && matches(file) && !compressed(file)) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              unreadable.accept(file + " cannot be read: " + e);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      unreadable.accept(base + " cannot be walked: " + e);
    }
    return found;
  }

  boolean matches(Path file) {
    for (PathMatcher m : matchers) {
      if (m.matches(file)) {
        return true;
      }
    }
    return false;
  }

  static boolean compressed(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".gz") || name.endsWith(".bz2") || name.endsWith(".zip");
  }

  private static boolean hasGlob(String part) {
    for (char c : part.toCharArray()) {
      if (Set.of('*', '?', '[', '{').contains(c)) {
        return true;
      }
    }
    return false;
  }
}
