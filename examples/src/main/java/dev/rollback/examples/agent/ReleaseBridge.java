package dev.rollback.examples.agent;

import dev.rollback.core.detect.DeploymentMonitor;
import dev.rollback.core.detect.MonitoredDeployment;
import dev.rollback.k8s.Release;
import dev.rollback.k8s.ReleaseListener;
import dev.rollback.spi.DeploymentRef;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three calls that wire a {@code ReleaseWatcher} to a {@link DeploymentMonitor}: a release is
 * watched for its judgement window, its end stops the watch, and a revision a rollback restored is
 * recorded for the ping-pong guard. Each is logged.
 *
 * <p>An end stops the watch only if it is the end of the release being watched: the watcher tells
 * the calls of one deployment in order, so this guard only matters if that ever changed, but a
 * late end must never stop the judgement of the release that replaced it.
 */
final class ReleaseBridge implements ReleaseListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.agent");

  private final DeploymentMonitor monitor;
  /** The release each deployment's watch is for. */
  private final Map<DeploymentRef, Release> watched = new ConcurrentHashMap<>();

  ReleaseBridge(DeploymentMonitor monitor) {
    this.monitor = monitor;
  }

  @Override
  public void released(Release r) {
    watched.put(r.deployment(), r);
    monitor.watch(new MonitoredDeployment(r.deployment(), r.versionId(), r.releasedAt(), r.judgementWindow()));
    LOG.info("[{}] release {} (revision {} of Deployment {}) rolled out at {}; judging it until {}", r.deployment(),
        r.versionId(), r.revision(), r.workload(), r.releasedAt(), r.judgedUntil());
  }

  @Override
  public void ended(Release r, Release.End why) {
    if (watched.remove(r.deployment(), r)) {
      monitor.unwatch(r.deployment());
    }
    LOG.info("[{}] release {} is no longer judged: {}", r.deployment(), r.versionId(), switch (why) {
      case WINDOW_CLOSED -> "its judgement window closed at " + r.judgedUntil();
      case REPLACED -> "a newer revision replaced it";
      case DELETED -> "its Deployment was deleted";
    });
  }

  @Override
  public void restored(Release r) {
    monitor.recordRollback(r.deployment(), r.versionId(), r.releasedAt());
    LOG.info("[{}] version {} is back after a rollback (rolled out at {}); not judged as a release, and not rolled"
        + " back automatically within the ping-pong window", r.deployment(), r.versionId(), r.releasedAt());
  }
}
