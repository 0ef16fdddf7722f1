package io.kinesisonkafka.adapter.server.http;

/** What the server tells the connections it has open. */
enum ConnectionEvents {
  /**
   * User event fired on every connection at shutdown: stop taking new requests (HTTP/2 GOAWAY,
   * HTTP/1.1 "Connection: close" on the last answer), finish the ones in flight; a connection whose
   * protocol is not known yet closes.
   */
  DRAIN
}
