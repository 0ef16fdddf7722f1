package io.kinesisonkafka.lambda.internals;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import java.nio.ByteBuffer;
import java.util.Date;

/**
 * The event's records with their costly members (the 56-digit sequence number, the eventID built
 * from it, a copy of the data, the arrival Date) made on first use: a handler that never reads them
 * does not pay for them, one that does sees the same values Lambda would send. Setters work as on
 * the plain classes. Confined to the invocation's thread, as the event is.
 */
final class LazyRecords {
  private LazyRecords() {}

  static KinesisEventRecord of(KinesisClientRecord source, long arrivalMillis, String idPrefix) {
    Kinesis k = new Kinesis(source, arrivalMillis);
    k.setKinesisSchemaVersion("1.0");
    EventRecord er = new EventRecord(idPrefix);
    er.setKinesis(k);
    return er;
  }

  /** {@code kinesis}: sequence number, data, partition key and arrival made when first read. */
  static final class Kinesis extends KinesisEvent.Record {
    private static final long serialVersionUID = 1L;
    private final transient KinesisClientRecord source;
    private final long arrivalMillis;
    private boolean sequenceNumberSet;
    private boolean dataSet;
    private boolean partitionKeySet;
    private boolean arrivalSet;

    Kinesis(KinesisClientRecord source, long arrivalMillis) {
      this.source = source;
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
        setData(ByteBuffer.wrap(source.dataBytes()));
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
  }

  /** The record: {@code eventID} ({@code shardId-…:<sequence number>}) made when first read. */
  static final class EventRecord extends KinesisEventRecord {
    private static final long serialVersionUID = 1L;
    private final String idPrefix;
    private boolean eventIdSet;

    EventRecord(String idPrefix) {
      this.idPrefix = idPrefix;
    }

    @Override
    public String getEventID() {
      if (!eventIdSet && getKinesis() != null) {
        setEventID(idPrefix + getKinesis().getSequenceNumber());
      }
      return super.getEventID();
    }

    @Override
    public void setEventID(String value) {
      eventIdSet = true;
      super.setEventID(value);
    }
  }
}
