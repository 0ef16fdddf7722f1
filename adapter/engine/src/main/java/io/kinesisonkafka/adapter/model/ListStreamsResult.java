package io.kinesisonkafka.adapter.model;

import java.util.List;

/** A page of streams. */
public record ListStreamsResult(
    List<String> streamNames,
    boolean hasMoreStreams,
    String nextToken,
    List<StreamSummary> streamSummaries) {}
