package dev.rollback.spi;

/** A registration that pushes changes until it is cancelled. */
@FunctionalInterface
public interface Subscription {

  /**
   * Returns the subscription that delivers nothing, for adapters that cannot push changes. It is a
   * single instance, so callers can tell "no push" from a live subscription.
   */
  static Subscription none() {
    return NoSubscription.INSTANCE;
  }

  /** Stops delivery. Idempotent; never throws. */
  void cancel();
}
