package dev.rollback.spi;

/** A registration that pushes changes until it is cancelled. */
@FunctionalInterface
public interface Subscription {

  /** Returns a subscription that delivers nothing, for adapters that cannot push changes. */
  static Subscription none() {
    return () -> {};
  }

  /** Stops delivery. Idempotent; never throws. */
  void cancel();
}
