/**
 * The errors the engine reports, as data: {@link io.kinesisonkafka.adapter.errors.KinesisErrorCode}
 * holds each error's wire name, HTTP status and whether a client may retry, and {@link
 * io.kinesisonkafka.adapter.errors.KinesisException}, unchecked, carries one of them with the
 * message the client sees.
 */
package io.kinesisonkafka.adapter.errors;
