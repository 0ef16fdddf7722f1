/**
 * Processors written for the Kinesis Client Library 3.x, unchanged, on a consumer-lib {@link
 * io.kinesisonkafka.consumer.Scheduler}: see {@link io.kinesisonkafka.consumer.kcl.KclProcessors}.
 * The only package that needs the KCL, an optional dependency, on the class path.
 */
package io.kinesisonkafka.consumer.kcl;
