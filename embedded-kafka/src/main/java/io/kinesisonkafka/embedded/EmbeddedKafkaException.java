package io.kinesisonkafka.embedded;

/**
 * An embedded or shared Kafka cluster could not be started, reached or stopped.
 *
 * <p>When a broker process failed, the message ends with the tail of that node's logs, so a test
 * report shows why without the (already deleted) data directory.
 */
public class EmbeddedKafkaException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, and the node's log tail where there is one
   */
  public EmbeddedKafkaException(String message) {
    super(message);
  }

  /**
   * @param message what failed, and the node's log tail where there is one
   * @param cause the last error seen while trying
   */
  public EmbeddedKafkaException(String message, Throwable cause) {
    super(message, cause);
  }
}
