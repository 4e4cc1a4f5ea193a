package dev.rollback.k8s;

/**
 * What a {@link ReleaseWatcher} tells about releases. Wired to a {@code DeploymentMonitor} of
 * rollback-core, it reads:
 *
 * <pre>{@code
 * ReleaseListener toMonitor = new ReleaseListener() {
 *   public void released(Release r) {
 *     monitor.watch(new MonitoredDeployment(r.deployment(), r.versionId(), r.releasedAt(), r.judgementWindow()));
 *   }
 *   public void ended(Release r, Release.End why) {
 *     monitor.unwatch(r.deployment());
 *   }
 *   public void restored(Release r) {
 *     monitor.recordRollback(r.deployment(), r.versionId(), r.releasedAt());
 *   }
 * };
 * }</pre>
 *
 * <p>For each deployment the calls come in order, one at a time, on the watcher's threads; they
 * must not block. One that throws is logged at WARN and changes nothing: the watcher goes on.
 */
public interface ReleaseListener {

  /** A new release finished rolling out and is to be judged until {@link Release#judgedUntil()}. */
  void released(Release release);

  /** A release that {@link #released} announced is no longer to be judged, for the reason {@code why}. */
  void ended(Release release, Release.End why);

  /**
   * A revision finished rolling out that a rollback of this library restored: not a release to
   * judge as such; the monitor's ping-pong guard is to know it.
   */
  void restored(Release release);
}
