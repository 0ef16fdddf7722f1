package io.kinesisonkafka.adapter.internals.mapping;

/**
 * The model's pattern for big decimal numbers carried as strings (hash keys {@code
 * 0|([1-9]\d{0,38})}, sequence numbers {@code 0|([1-9]\d{0,128})}), checked without a regex on the
 * hot path.
 */
final class Decimals {
  private Decimals() {}

  /** Whether {@code value} is 0 or a decimal without leading zeros of at most maxDigits digits. */
  static boolean isCanonical(String value, int maxDigits) {
    if (value == null) {
      return false;
    }
    int length = value.length();
    if (length == 0 || length > maxDigits) {
      return false;
    }
    if (value.charAt(0) == '0') {
      return length == 1;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
