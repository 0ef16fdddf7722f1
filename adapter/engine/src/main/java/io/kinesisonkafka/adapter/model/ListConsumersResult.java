package io.kinesisonkafka.adapter.model;

import java.util.List;

/** A page of a stream's consumers. */
public record ListConsumersResult(List<ConsumerDescription> consumers, String nextToken) {}
