package io.kinesisonkafka.adapter.server.protocol;

/** Writes the members of a reply (or of a nested structure). */
@FunctionalInterface
public interface Body {
  /** A reply with no members: an empty structure. */
  Body EMPTY = out -> {};

  void write(Output out);

  /**
   * About how many bytes the reply takes in CBOR (blobs as they are): the reply is written into a
   * buffer of this size, so that a large one (GetRecords' 10 MB) is not copied as it grows.
   */
  default int sizeHint() {
    return 256;
  }

  /** {@code body} with a {@link #sizeHint()} of {@code bytes}. */
  static Body sized(long bytes, Body body) {
    int hint = (int) Math.min(Integer.MAX_VALUE - 64, Math.max(64, bytes));
    return new Body() {
      @Override
      public void write(Output out) {
        body.write(out);
      }

      @Override
      public int sizeHint() {
        return hint;
      }
    };
  }
}
