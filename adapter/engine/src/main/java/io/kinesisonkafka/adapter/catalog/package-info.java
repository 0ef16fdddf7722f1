/**
 * A read-only view of the stream catalog for libraries that read and write Kinesis streams straight
 * from Kafka: open a {@link io.kinesisonkafka.adapter.catalog.StreamCatalog} with {@link
 * io.kinesisonkafka.adapter.catalog.CatalogSettings}, then look up {@link
 * io.kinesisonkafka.adapter.catalog.StreamView}s and {@link
 * io.kinesisonkafka.adapter.catalog.ShardView}s (topics, shards, lineage, phases, end offsets,
 * routing with {@link io.kinesisonkafka.adapter.catalog.HashKeys}, sequence numbers). {@code
 * CatalogSettings} also hands out the Kafka client properties every client of a stream must use.
 */
package io.kinesisonkafka.adapter.catalog;
