/**
 * Lambda functions as Kinesis consumers, on Kafka: {@link io.kinesisonkafka.lambda.LambdaRunner}
 * calls unchanged {@code RequestHandler<KinesisEvent, ...>} classes with an event source mapping's
 * semantics ({@link io.kinesisonkafka.lambda.EventSourceMapping}), reading with consumer-lib.
 */
package io.kinesisonkafka.lambda;
