package io.kinesisonkafka.bench.endpoint;

/** Checks that a drain read exactly what was put. */
final class Reads {
  private Reads() {}

  static void check(String side, long records, long bytes, long readRecords, long readBytes) {
    if (readRecords != records || readBytes != bytes) {
      throw new IllegalStateException(
          side
              + " read "
              + readRecords
              + " records / "
              + readBytes
              + " bytes, expected "
              + records
              + " / "
              + bytes);
    }
  }
}
