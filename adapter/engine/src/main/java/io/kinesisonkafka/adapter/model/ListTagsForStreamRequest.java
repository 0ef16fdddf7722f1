package io.kinesisonkafka.adapter.model;

/** ListTagsForStream: a stream, and which page of its tags ({@link #of} gives the first). */
public record ListTagsForStreamRequest(
    StreamRef stream, String exclusiveStartTagKey, Integer limit) {
  /** The stream's first page of tags, of the default size. */
  public static ListTagsForStreamRequest of(StreamRef stream) {
    return new ListTagsForStreamRequest(stream, null, null);
  }

  /** This request, with the tags whose keys follow that one. */
  public ListTagsForStreamRequest withExclusiveStartTagKey(String key) {
    return new ListTagsForStreamRequest(stream, key, limit);
  }

  /** This request, with at most that many tags (1 to 50). */
  public ListTagsForStreamRequest withLimit(Integer max) {
    return new ListTagsForStreamRequest(stream, exclusiveStartTagKey, max);
  }
}
