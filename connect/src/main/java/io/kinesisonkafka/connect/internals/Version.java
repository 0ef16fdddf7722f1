package io.kinesisonkafka.connect.internals;

/** The plugin's version, from the jar's manifest when there is one. */
public final class Version {
  private Version() {}

  /** The version, or "0.1.0-SNAPSHOT" when run from classes. */
  public static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.1.0-SNAPSHOT";
  }
}
