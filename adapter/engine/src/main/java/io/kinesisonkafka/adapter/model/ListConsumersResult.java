package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * ListStreamConsumers' answer: a page of a stream's enhanced fan-out consumers.
 *
 * @param consumers the consumers on this page
 * @param nextToken the token for the next page; null on the last page
 */
public record ListConsumersResult(List<ConsumerDescription> consumers, String nextToken) {}
