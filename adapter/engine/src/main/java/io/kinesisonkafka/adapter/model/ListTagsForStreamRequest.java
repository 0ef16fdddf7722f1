package io.kinesisonkafka.adapter.model;

/**
 * ListTagsForStream: a stream, and which page of its tags ({@link #of} gives the first).
 *
 * @param stream the stream, by name or ARN
 * @param exclusiveStartTagKey the key the page starts after; null for the first page
 * @param limit the most tags to return, 1 to 50; null for the default
 */
public record ListTagsForStreamRequest(
    StreamRef stream, String exclusiveStartTagKey, Integer limit) {
  /**
   * The stream's first page of tags, of the default size.
   *
   * @param stream the stream, by name or ARN
   * @return a request with no start key and no limit
   */
  public static ListTagsForStreamRequest of(StreamRef stream) {
    return new ListTagsForStreamRequest(stream, null, null);
  }

  /**
   * This request, with the tags whose keys follow that one.
   *
   * @param key the last key of the previous page; null for the first page
   * @return a new request; this one is unchanged
   */
  public ListTagsForStreamRequest withExclusiveStartTagKey(String key) {
    return new ListTagsForStreamRequest(stream, key, limit);
  }

  /**
   * This request, with at most that many tags (1 to 50).
   *
   * @param max the most tags to return; null for the default
   * @return a new request; this one is unchanged
   */
  public ListTagsForStreamRequest withLimit(Integer max) {
    return new ListTagsForStreamRequest(stream, exclusiveStartTagKey, max);
  }
}
