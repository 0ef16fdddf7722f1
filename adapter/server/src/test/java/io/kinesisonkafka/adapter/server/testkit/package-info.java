/**
 * The server's part of the test kit: a server on free ports in a namespace of its own, and streams
 * created through the AWS SDK and waited ACTIVE. Shipped as the server's test-jar ({@code
 * adapter-server}, type {@code test-jar}) next to the engine's ({@link
 * io.kinesisonkafka.adapter.testkit}); its users declare, at test scope, both test-jars, {@code
 * embedded-kafka}, {@code awaitility}, and the SDK's {@code kinesis} client for {@link SdkStreams}.
 */
package io.kinesisonkafka.adapter.server.testkit;
