package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * ListTagsForStream's answer: a page of a stream's tags, sorted by key.
 *
 * @param tags the tags on this page
 * @param hasMoreTags whether more tags follow this page
 */
public record ListTagsResult(List<Tag> tags, boolean hasMoreTags) {
  /**
   * One tag.
   *
   * @param key the tag's key
   * @param value the tag's value, possibly empty
   */
  public record Tag(String key, String value) {}
}
