package dev.rollback.spi;

/**
 * How <i>Scale down new pods</i> treats the failing version.
 *
 * @param mode what to do
 * @param floor with {@link Mode#KEEP_FLOOR}, the replicas the failing version keeps until traffic
 *     has shifted (at least 1); 0 with {@link Mode#REMOVE_ALL}
 */
public record ScaleDown(Mode mode, int floor) {

  /** The two scale-down modes. */
  public enum Mode {
    /**
     * Remove every pod of the failing version before deploying the previous: the Service has no
     * ready endpoint until the restored pods are ready, so this causes downtime. An explicit
     * choice, for a version so broken that serving nothing is better.
     */
    REMOVE_ALL,
    /**
     * Zero downtime: shrink the failing version to {@code floor} replicas so traffic stays served,
     * and remove the rest in <i>Cleanup old resources</i> once traffic has shifted.
     */
    KEEP_FLOOR
  }

  /** Validates that the floor fits the mode. */
  public ScaleDown {
    Checks.present(mode, "ScaleDown.mode");
    Checks.notNegative(floor, "ScaleDown.floor");
    if (mode == Mode.REMOVE_ALL && floor != 0) {
      throw new InvalidValueException(
          "ScaleDown.floor must be 0 with mode REMOVE_ALL but was " + floor);
    }
    if (mode == Mode.KEEP_FLOOR && floor < 1) {
      throw new InvalidValueException(
          "ScaleDown.floor must be >= 1 with mode KEEP_FLOOR but was " + floor);
    }
  }

  /** Returns the seed's behaviour: remove all pods of the failing version first. */
  public static ScaleDown removeAll() {
    return new ScaleDown(Mode.REMOVE_ALL, 0);
  }

  /** Returns the zero-downtime behaviour that keeps {@code floor} replicas serving. */
  public static ScaleDown keepFloor(int floor) {
    return new ScaleDown(Mode.KEEP_FLOOR, floor);
  }
}
