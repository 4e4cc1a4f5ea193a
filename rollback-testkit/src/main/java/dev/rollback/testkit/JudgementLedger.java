package dev.rollback.testkit;

import dev.rollback.core.detect.DetectionContext;
import dev.rollback.core.detect.Detector;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.DeploymentRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Records the judgements of several replicas of a deployment monitor, to check how they share the
 * deployments: per deployment and per interval, how many judgements there were ({@link #tally}),
 * and after a replica stopped, how long its deployments waited for another ({@link #failover}).
 *
 * <p>A deployment's intervals are counted from its first recorded judgement (the monitor judges a
 * release at its first judgement plus whole intervals): interval {@code k} holds the judgements
 * nearest to that time plus {@code k} intervals, within half an interval either way, so that
 * scheduling delays in real time do not move a judgement to the next interval.
 *
 * <pre>{@code
 * JudgementLedger ledger = JudgementLedger.create(interval);
 * DeploymentMonitor a = DeploymentMonitor.builder()...onJudgement(ledger.replica("a")).build();
 * ...
 * JudgementLedger.Tally tally = ledger.tally(from, to);
 * assertEquals(tally.intervals(), tally.once());
 * }</pre>
 *
 * Thread-safe.
 */
public final class JudgementLedger {
  /**
   * A detector that finds every release healthy without reading metrics, so that no run starts and
   * what a ledger counts is the judging (who judged what, and when), not detection.
   */
  public static final Detector ALWAYS_HEALTHY = new Detector() {
    @Override
    public String name() {
      return "healthy";
    }

    @Override
    public Verdict judge(DetectionContext context) {
      return new Verdict.Healthy("fine");
    }
  };

  /** One recorded judgement. */
  private record Entry(String replica, Instant at) {}

  private final Duration interval;
  private final Map<DeploymentRef, List<Entry>> byDeployment = new HashMap<>();

  private JudgementLedger(Duration interval) {
    this.interval = interval;
  }

  /** Returns an empty ledger of a monitor judging every {@code interval}. */
  public static JudgementLedger create(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive but was " + interval);
    }
    return new JudgementLedger(interval);
  }

  /** Returns the judgement listener of replica {@code name}, for {@code DeploymentMonitor.Builder.onJudgement}. */
  public Consumer<Judgement> replica(String name) {
    Objects.requireNonNull(name, "name");
    return j -> record(j.deployment(), name, j.startedAt());
  }

  /** Records that {@code replica} judged {@code deployment} at {@code at}. */
  public synchronized void record(DeploymentRef deployment, String replica, Instant at) {
    byDeployment.computeIfAbsent(deployment, d -> new ArrayList<>()).add(new Entry(replica, at));
  }

  /** Returns how many judgements were recorded. */
  public synchronized long judgements() {
    return byDeployment.values().stream().mapToLong(List::size).sum();
  }

  /** Returns how many judgements {@code replica} made. */
  public synchronized long judgementsBy(String replica) {
    return byDeployment.values().stream().flatMap(List::stream).filter(e -> e.replica().equals(replica)).count();
  }

  /**
   * Counts the judgements per deployment in each of its intervals that lie wholly in [{@code from},
   * {@code to}): each interval spans half an interval either side of its time, so that a judgement
   * still to come at {@code to} is not counted as missing.
   *
   * @param from the first time counted
   * @param to the first time no longer counted
   */
  public synchronized Tally tally(Instant from, Instant to) {
    long intervals = 0;
    long never = 0;
    long once = 0;
    long more = 0;
    int longestGap = 0;
    Map<Integer, Long> histogram = new TreeMap<>();
    for (List<Entry> entries : byDeployment.values()) {
      Instant origin = entries.get(0).at();
      Map<Long, Integer> counts = new HashMap<>();
      for (Entry e : entries) {
        counts.merge(slot(origin, e.at()), 1, Integer::sum);
      }
      long first = Math.max(0, ceilSlot(origin, from));
      long last = lastSlotBefore(origin, to);
      int gap = 0;
      for (long k = first; k <= last; k++) {
        int n = counts.getOrDefault(k, 0);
        intervals++;
        histogram.merge(n, 1L, Long::sum);
        if (n == 0) {
          never++;
          gap++;
          longestGap = Math.max(longestGap, gap);
        } else {
          gap = 0;
          if (n == 1) {
            once++;
          } else {
            more++;
          }
        }
      }
    }
    return new Tally(byDeployment.size(), intervals, never, once, more, longestGap, histogram);
  }

  /**
   * Measures how long the deployments {@code stopped} judged last before {@code stoppedAt} waited
   * for another replica's judgement.
   *
   * @return the failover, or null if {@code stopped} judged none of them last
   */
  public synchronized @Nullable Failover failover(String stopped, Instant stoppedAt) {
    List<Duration> waits = new ArrayList<>();
    int orphaned = 0;
    for (List<Entry> entries : byDeployment.values()) {
      Entry lastBefore = null;
      Entry firstAfter = null;
      for (Entry e : entries) {
        if (e.at().isBefore(stoppedAt)) {
          if (lastBefore == null || e.at().isAfter(lastBefore.at())) {
            lastBefore = e;
          }
        } else if (!e.replica().equals(stopped) && (firstAfter == null || e.at().isBefore(firstAfter.at()))) {
          firstAfter = e;
        }
      }
      if (lastBefore != null && lastBefore.replica().equals(stopped)) {
        if (firstAfter == null) {
          orphaned++;
        } else {
          waits.add(Duration.between(stoppedAt, firstAfter.at()));
        }
      }
    }
    if (waits.isEmpty() && orphaned == 0) {
      return null;
    }
    waits.sort(null);
    return new Failover(waits.size() + orphaned, orphaned, waits.isEmpty() ? Duration.ZERO : waits.get(waits.size() / 2),
        waits.isEmpty() ? Duration.ZERO : waits.get(waits.size() - 1));
  }

  /**
   * Describes the deployments with an interval in [{@code from}, {@code to}) judged never or more than
   * once: each judgement's replica and its time after the deployment's first, in seconds, for a
   * failure's message.
   */
  public synchronized String irregular(Instant from, Instant to) {
    StringBuilder out = new StringBuilder();
    byDeployment.forEach((d, entries) -> {
      Instant origin = entries.get(0).at();
      Map<Long, Integer> counts = new HashMap<>();
      entries.forEach(e -> counts.merge(slot(origin, e.at()), 1, Integer::sum));
      boolean odd = false;
      for (long k = Math.max(0, ceilSlot(origin, from)); k <= lastSlotBefore(origin, to); k++) {
        odd |= counts.getOrDefault(k, 0) != 1;
      }
      if (odd) {
        out.append(d).append(" (first at ").append(origin).append("):");
        entries.forEach(e -> out.append(' ').append(e.replica()).append('@').append(String.format(java.util.Locale.ROOT,
            "%.3f", Duration.between(origin, e.at()).toMillis() / 1000.0)));
        out.append('\n');
      }
    });
    return out.toString();
  }

  private long slot(Instant origin, Instant at) {
    double k = (double) Duration.between(origin, at).toNanos() / interval.toNanos();
    return Math.round(k);
  }

  /** The last interval that lies wholly before {@code t}: whose time plus half an interval is not after {@code t}. */
  private long lastSlotBefore(Instant origin, Instant t) {
    double k = (double) Duration.between(origin, t).toNanos() / interval.toNanos() - 0.5;
    return (long) Math.floor(k);
  }

  /**
   * The first interval that lies wholly at or after {@code t}: whose time less half an interval is
   * not before {@code t}.
   */
  private long ceilSlot(Instant origin, Instant t) {
    double k = (double) Duration.between(origin, t).toNanos() / interval.toNanos() + 0.5;
    return (long) Math.ceil(k);
  }

  /**
   * Judgements per deployment per interval.
   *
   * @param deployments how many deployments were judged at all
   * @param intervals how many intervals of those deployments were counted
   * @param never intervals without a judgement
   * @param once intervals with exactly one
   * @param more intervals with two or more
   * @param longestGap the most consecutive intervals of one deployment without a judgement
   * @param histogram intervals per number of judgements in them
   */
  public record Tally(int deployments, long intervals, long never, long once, long more, int longestGap,
      Map<Integer, Long> histogram) {}

  /**
   * How long a stopped replica's deployments waited for another replica.
   *
   * @param deployments how many deployments the stopped replica judged last
   * @param orphaned how many of them no other replica judged afterwards
   * @param median the median wait of the others, from the stop to their next judgement
   * @param max the longest such wait
   */
  public record Failover(int deployments, int orphaned, Duration median, Duration max) {}
}
