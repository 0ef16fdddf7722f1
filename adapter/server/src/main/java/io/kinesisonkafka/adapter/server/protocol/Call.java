package io.kinesisonkafka.adapter.server.protocol;

import io.kinesisonkafka.adapter.server.http.ApiRequest;
import io.kinesisonkafka.adapter.server.http.StreamingResponse;
import java.util.Map;

/** What an operation may know of its call beyond the input: the request, and streaming. */
public interface Call {
  ApiRequest request();

  WireFormat format();

  String requestId();

  /** Starts a 200 streaming reply with these extra headers (SubscribeToShard). */
  StreamingResponse stream(Map<String, String> headers);
}
