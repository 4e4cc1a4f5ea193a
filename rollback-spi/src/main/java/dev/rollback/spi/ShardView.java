package dev.rollback.spi;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link MonitorOwnership} observes at one moment: which replica holds each shard's unexpired
 * lease, and which replicas are alive (their membership lease unexpired).
 *
 * @param holders per shard with an unexpired lease, its holder; a shard not listed is free
 * @param replicas the replicas whose membership is unexpired
 */
public record ShardView(Map<Integer, String> holders, Set<String> replicas) {
  /** Copies the collections. */
  public ShardView {
    Checks.present(holders, "ShardView.holders");
    Checks.present(replicas, "ShardView.replicas");
    holders = java.util.Collections.unmodifiableMap(new TreeMap<>(holders));
    replicas = Set.copyOf(replicas);
  }
}
