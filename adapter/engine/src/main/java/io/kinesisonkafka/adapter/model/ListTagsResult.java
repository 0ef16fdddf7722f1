package io.kinesisonkafka.adapter.model;

import java.util.List;

/** A page of a stream's tags, sorted by key. */
public record ListTagsResult(List<Tag> tags, boolean hasMoreTags) {
  /** One tag. */
  public record Tag(String key, String value) {}
}
