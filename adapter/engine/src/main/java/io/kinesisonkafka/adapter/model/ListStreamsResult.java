package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * ListStreams' answer: a page of streams, in name order.
 *
 * @param streamNames the names of the streams on this page
 * @param hasMoreStreams whether more streams follow this page
 * @param nextToken the token for the next page; null on the last page
 * @param streamSummaries one summary per name in {@code streamNames}, in the same order
 */
public record ListStreamsResult(
    List<String> streamNames,
    boolean hasMoreStreams,
    String nextToken,
    List<StreamSummary> streamSummaries) {}
