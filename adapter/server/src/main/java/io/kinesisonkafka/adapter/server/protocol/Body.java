package io.kinesisonkafka.adapter.server.protocol;

/** Writes the members of a reply (or of a nested structure). */
@FunctionalInterface
public interface Body {
  /** A reply with no members: an empty structure. */
  Body EMPTY = out -> {};

  void write(Output out);
}
