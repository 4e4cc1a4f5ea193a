package dev.rollback.spi;

/** The subscription that delivers nothing: {@link Subscription#none()}. */
enum NoSubscription implements Subscription {
  INSTANCE;

  @Override
  public void cancel() {}
}
