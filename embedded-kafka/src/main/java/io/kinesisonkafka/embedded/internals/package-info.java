/** Machinery behind {@link io.kinesisonkafka.embedded.EmbeddedKafkaCluster}; not an API. */
package io.kinesisonkafka.embedded.internals;
