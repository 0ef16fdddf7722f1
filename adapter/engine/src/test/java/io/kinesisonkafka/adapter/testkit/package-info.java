/**
 * The test kit every module's tests share: engines on the shared test broker, each in a namespace
 * of its own (catalog topic and topic prefix), streams created and waited ACTIVE. Shipped as the
 * engine's test-jar ({@code adapter-engine}, type {@code test-jar}); a module that uses it also
 * declares, at test scope, what it needs: {@code embedded-kafka} and {@code awaitility}.
 */
package io.kinesisonkafka.adapter.testkit;
