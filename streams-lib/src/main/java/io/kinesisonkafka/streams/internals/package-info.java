/** Not a public API: the catalog access, record expansion and routing behind KinesisStreams. */
package io.kinesisonkafka.streams.internals;
