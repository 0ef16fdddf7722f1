package io.kinesisonkafka.adapter.internals.state;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * What the coordination log says, applied in log order and decided only from the log (its records
 * and their broker-assigned LogAppendTime timestamps), so that every instance reaches the same
 * decisions whatever its own clock says. Confined to the thread that reads the log.
 *
 * <p>Claims follow Kinesis' SubscribeToShard rule across all instances: a claim wins when the key
 * has no holder, its holder released it, or its holder claimed it at least {@link
 * #TAKEOVER_AFTER_MILLIS} earlier (a takeover); otherwise it is refused.
 *
 * <p>Liveness: an instance is alive while its last heartbeat is at most the expiry older than the
 * newest timestamp in the log ("log time"), which every live instance advances once a heartbeat
 * interval.
 */
public final class CoordinationState {
  /** A second subscription for a key within this long of the first is refused; later it wins. */
  public static final long TAKEOVER_AFTER_MILLIS = 5_000;

  private final long expiryMillis;
  private final Map<String, Holder> holders = new HashMap<>();
  private final Map<String, Beat> beats = new HashMap<>();
  private long logTimeMillis = Long.MIN_VALUE;

  /** The current holder of a key. */
  public record Holder(String instance, String claimId, long sinceMillis) {}

  private record Beat(long atMillis, Set<String> using) {}

  /** The decision on one record: for a claim, whether it won; other records always "win". */
  public record Decision(boolean won, Holder holder) {}

  public CoordinationState(long expiryMillis) {
    this.expiryMillis = expiryMillis;
  }

  /** Applies one record appended at {@code timestampMillis} (LogAppendTime). */
  public Decision apply(CoordinationRecord record, long timestampMillis) {
    logTimeMillis = Math.max(logTimeMillis, timestampMillis);
    if (record instanceof CoordinationRecord.Heartbeat h) {
      if (h.leaving()) {
        beats.remove(h.instance());
      } else {
        beats.put(h.instance(), new Beat(timestampMillis, Set.copyOf(h.using())));
      }
      return new Decision(true, null);
    }
    if (record instanceof CoordinationRecord.Release r) {
      holders.computeIfPresent(r.key(), (k, h) -> h.claimId().equals(r.claimId()) ? null : h);
      return new Decision(true, null);
    }
    CoordinationRecord.Claim c = (CoordinationRecord.Claim) record;
    Holder current = holders.get(c.key());
    if (current != null && timestampMillis - current.sinceMillis() < TAKEOVER_AFTER_MILLIS) {
      return new Decision(false, current);
    }
    Holder won = new Holder(c.instance(), c.claimId(), timestampMillis);
    holders.put(c.key(), won);
    return new Decision(true, won);
  }

  /**
   * Forgets holders that any claim may take over and instances whose heartbeats expired; neither
   * changes a later decision. Keeps the state as small as the last few seconds of the log.
   */
  public void prune() {
    holders.values().removeIf(h -> logTimeMillis - h.sinceMillis() >= TAKEOVER_AFTER_MILLIS);
    beats.values().removeIf(b -> logTimeMillis - b.atMillis() > expiryMillis);
  }

  /** Instances alive as of log time. */
  public int liveInstances() {
    int n = 0;
    for (Beat b : beats.values()) {
      if (logTimeMillis - b.atMillis() <= expiryMillis) {
        n++;
      }
    }
    return n;
  }

  /** For each throttle key, how many live instances other than {@code self} are using it. */
  public Map<String, Integer> usersOtherThan(String self) {
    Map<String, Integer> users = new HashMap<>();
    for (Iterator<Map.Entry<String, Beat>> it = beats.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Beat> e = it.next();
      if (e.getKey().equals(self) || logTimeMillis - e.getValue().atMillis() > expiryMillis) {
        continue;
      }
      for (String key : e.getValue().using()) {
        users.merge(key, 1, Integer::sum);
      }
    }
    return users;
  }

  /** The newest record timestamp applied. */
  public long logTimeMillis() {
    return logTimeMillis;
  }
}
