package io.kinesisonkafka.lambda.internals;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.Date;

/**
 * The event's records with their costly members (the 56-digit sequence number, the eventID built
 * from it, the data's buffer, the arrival Date) made on first use, and the members every record of
 * the mapping shares (event source, name and version, schema version, invoke identity, region,
 * source ARN) read from one {@link Envelope} instead of stored into each record: a handler that
 * never reads them does not pay for them, one that does sees the same values Lambda would send
 * (getters, {@code equals}, {@code toString} and JSON all go through the getters). The data is the
 * function's to keep and change, as Lambda's is: the record's own array, or a copy of its original
 * when it was handed over before (see {@link BatchData}). Setters work as on the plain classes.
 * Confined to the invocation's thread, as the event is.
 */
final class LazyRecords {
  private LazyRecords() {}

  /** What every record of one shard's events has in common. */
  record Envelope(
      String eventIdPrefix, String invokeIdentityArn, String awsRegion, String eventSourceArn)
      implements Serializable {}

  /**
   * @param copy the data to give the function, or null to hand over the record's own array
   */
  static KinesisEventRecord of(
      KinesisClientRecord source, byte[] copy, long arrivalMillis, Envelope envelope) {
    EventRecord er = new EventRecord(envelope);
    er.setKinesis(new Kinesis(source, copy, arrivalMillis));
    return er;
  }

  /** {@code kinesis}: sequence number, data, partition key and arrival made when first read. */
  static final class Kinesis extends KinesisEvent.Record {
    private static final long serialVersionUID = 1L;
    private final transient KinesisClientRecord source;
    private final transient byte[] copy;
    private final long arrivalMillis;
    private boolean sequenceNumberSet;
    private boolean dataSet;
    private boolean partitionKeySet;
    private boolean arrivalSet;
    private boolean schemaVersionSet;

    Kinesis(KinesisClientRecord source, byte[] copy, long arrivalMillis) {
      this.source = source;
      this.copy = copy;
      this.arrivalMillis = arrivalMillis;
    }

    @Override
    public String getSequenceNumber() {
      if (!sequenceNumberSet && source != null) {
        setSequenceNumber(source.sequenceNumber());
      }
      return super.getSequenceNumber();
    }

    @Override
    public void setSequenceNumber(String value) {
      sequenceNumberSet = true;
      super.setSequenceNumber(value);
    }

    @Override
    public ByteBuffer getData() {
      if (!dataSet && source != null) {
        setData(copy != null ? ByteBuffer.wrap(copy) : source.handOverData());
      }
      return super.getData();
    }

    @Override
    public void setData(ByteBuffer value) {
      dataSet = true;
      super.setData(value);
    }

    @Override
    public String getPartitionKey() {
      if (!partitionKeySet && source != null) {
        setPartitionKey(source.partitionKey());
      }
      return super.getPartitionKey();
    }

    @Override
    public void setPartitionKey(String value) {
      partitionKeySet = true;
      super.setPartitionKey(value);
    }

    @Override
    public Date getApproximateArrivalTimestamp() {
      if (!arrivalSet) {
        setApproximateArrivalTimestamp(new Date(arrivalMillis));
      }
      return super.getApproximateArrivalTimestamp();
    }

    @Override
    public void setApproximateArrivalTimestamp(Date value) {
      arrivalSet = true;
      super.setApproximateArrivalTimestamp(value);
    }

    @Override
    public String getKinesisSchemaVersion() {
      return schemaVersionSet ? super.getKinesisSchemaVersion() : "1.0";
    }

    @Override
    public void setKinesisSchemaVersion(String value) {
      schemaVersionSet = true;
      super.setKinesisSchemaVersion(value);
    }
  }

  /**
   * The record: {@code eventID} ({@code shardId-…:<sequence number>}) made when first read, the
   * shared members from the envelope until set.
   */
  static final class EventRecord extends KinesisEventRecord {
    private static final long serialVersionUID = 1L;
    private static final int EVENT_ID = 1;
    private static final int SOURCE = 2;
    private static final int NAME = 4;
    private static final int VERSION = 8;
    private static final int IDENTITY = 16;
    private static final int REGION = 32;
    private static final int SOURCE_ARN = 64;

    private final Envelope envelope;

    /**
     * The members set on this record (bits above): those read from the record, not the envelope.
     */
    private int set;

    EventRecord(Envelope envelope) {
      this.envelope = envelope;
    }

    private boolean isSet(int member) {
      return (set & member) != 0;
    }

    @Override
    public String getEventID() {
      if (!isSet(EVENT_ID) && getKinesis() != null) {
        setEventID(envelope.eventIdPrefix() + getKinesis().getSequenceNumber());
      }
      return super.getEventID();
    }

    @Override
    public void setEventID(String value) {
      set |= EVENT_ID;
      super.setEventID(value);
    }

    @Override
    public String getEventSource() {
      return isSet(SOURCE) ? super.getEventSource() : "aws:kinesis";
    }

    @Override
    public void setEventSource(String value) {
      set |= SOURCE;
      super.setEventSource(value);
    }

    @Override
    public String getEventName() {
      return isSet(NAME) ? super.getEventName() : "aws:kinesis:record";
    }

    @Override
    public void setEventName(String value) {
      set |= NAME;
      super.setEventName(value);
    }

    @Override
    public String getEventVersion() {
      return isSet(VERSION) ? super.getEventVersion() : "1.0";
    }

    @Override
    public void setEventVersion(String value) {
      set |= VERSION;
      super.setEventVersion(value);
    }

    @Override
    public String getInvokeIdentityArn() {
      return isSet(IDENTITY) ? super.getInvokeIdentityArn() : envelope.invokeIdentityArn();
    }

    @Override
    public void setInvokeIdentityArn(String value) {
      set |= IDENTITY;
      super.setInvokeIdentityArn(value);
    }

    @Override
    public String getAwsRegion() {
      return isSet(REGION) ? super.getAwsRegion() : envelope.awsRegion();
    }

    @Override
    public void setAwsRegion(String value) {
      set |= REGION;
      super.setAwsRegion(value);
    }

    @Override
    public String getEventSourceARN() {
      return isSet(SOURCE_ARN) ? super.getEventSourceARN() : envelope.eventSourceArn();
    }

    @Override
    public void setEventSourceARN(String value) {
      set |= SOURCE_ARN;
      super.setEventSourceARN(value);
    }
  }
}
