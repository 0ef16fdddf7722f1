/**
 * Real Apache Kafka clusters (KRaft mode) for tests and local runs: {@link
 * io.kinesisonkafka.embedded.EmbeddedKafkaCluster} forks one broker JVM per node from the jars on
 * the class path, and {@link io.kinesisonkafka.embedded.SharedKafka} shares one cluster per JVM.
 * The {@code internals} package holds the machinery and is not an API.
 */
package io.kinesisonkafka.embedded;
