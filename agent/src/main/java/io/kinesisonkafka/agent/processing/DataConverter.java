package io.kinesisonkafka.agent.processing;

/**
 * One of a flow's {@code dataProcessingOptions}: turns a record (a line or a multi-line record,
 * with its trailing newline) into what is sent.
 */
public interface DataConverter {

  /**
   * Converts one record.
   *
   * @param record the record's bytes, UTF-8, normally ending with a newline
   * @return the converted record, or null when the record is to be skipped (a line that does not
   *     match its LOGTOJSON format, as the AWS agent does)
   */
  byte[] convert(byte[] record);
}
