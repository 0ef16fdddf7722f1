package io.kinesisonkafka.firehose;

/**
 * Record transformation before delivery (Firehose's {@code ProcessingConfiguration} with one Lambda
 * processor). {@code function} names what transforms: an {@code http://} or {@code https://} URL is
 * called with the Lambda Firehose event (records with {@code recordId} and base64 {@code data}) and
 * must answer each record with {@code Ok}, {@code Dropped} or {@code ProcessingFailed}; anything
 * else (a function name or a Lambda ARN) names a {@link RecordTransformer} registered in {@link
 * BridgeConfig.Builder#transformer}.
 *
 * @param function the URL, or the transformer's name (the last part of a Lambda ARN)
 * @param numberOfRetries invocations retried after a failed one before the batch's records count as
 *     failed: 0 to 300, default 3
 */
public record Processing(String function, int numberOfRetries) {
  public static final Processing NONE = new Processing(null, 0);

  public boolean enabled() {
    return function != null;
  }

  public boolean isHttp() {
    return function != null && (function.startsWith("http://") || function.startsWith("https://"));
  }

  /** The transformer's name: the text after the last {@code :} of a Lambda ARN, or the name. */
  public String transformerName() {
    if (function == null) {
      return null;
    }
    int at = function.indexOf(":function:");
    if (at < 0) {
      return function;
    }
    String name = function.substring(at + ":function:".length());
    int qualifier = name.indexOf(':');
    return qualifier < 0 ? name : name.substring(0, qualifier);
  }

  public static Processing of(String function) {
    return new Processing(function, 3);
  }
}
