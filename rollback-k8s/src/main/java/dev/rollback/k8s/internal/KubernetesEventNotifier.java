package dev.rollback.k8s.internal;

import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunOutcome;
import dev.rollback.spi.Severity;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;

/**
 * Records each notification as a Kubernetes Event on the Deployment, so {@code kubectl describe}
 * tells the story. The Event's name derives from the run, the kind and the audience, so sending
 * the same notification twice creates one Event. Thread-safe.
 */
public final class KubernetesEventNotifier implements Notifier {
  static final String COMPONENT = "rollback";
  private static final int MAX_MESSAGE = 1024;

  private final ClusterObjects k;
  private final Rollout rollout;

  KubernetesEventNotifier(ClusterObjects k, Rollout rollout) {
    this.k = k;
    this.rollout = rollout;
  }

  @Override
  public void send(Notification n) throws InterruptedException {
    String ns = n.deployment().namespace();
    String target = rollout.eventTarget(n);
    // kubectl describe lists the Events whose involvedObject carries the object's uid.
    V1Deployment involved = k.recentDeployment(ns, target);
    String uid = involved == null || involved.getMetadata() == null ? null : involved.getMetadata().getUid();
    String message = n.title() + (n.message().isBlank() ? "" : ": " + n.message());
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE - 1) + "…";
    }
    CoreV1Event event = new CoreV1Event()
        .apiVersion("v1")
        .kind("Event")
        .metadata(new V1ObjectMeta().name(eventName(target, n)).namespace(ns)
            .labels(Map.of("rollback.dev/run-id", n.runId().value())))
        .involvedObject(new V1ObjectReference().apiVersion("apps/v1").kind("Deployment").name(target).namespace(ns).uid(uid))
        .reason(reason(n))
        .message(message)
        .type(n.severity() == Severity.INFO ? "Normal" : "Warning")
        .source(new V1EventSource().component(COMPONENT))
        .reportingComponent(COMPONENT)
        .firstTimestamp(n.createdAt().atOffset(ZoneOffset.UTC))
        .lastTimestamp(n.createdAt().atOffset(ZoneOffset.UTC))
        .count(1);
    k.createEvent(ns, event); // false: recorded by an earlier attempt, which is success
  }

  @Override
  public String name() {
    return "kubernetes-events";
  }

  /** Returns the Event reason for a notification, e.g. RollbackStarted or RollbackComplete. */
  static String reason(Notification n) {
    return switch (n.kind()) {
      case ROLLBACK_ALERT -> "RollbackStarted";
      case ESCALATION -> "RollbackEscalated";
      case RUN_FINISHED -> outcomeReason(n.outcome() == null ? RunOutcome.ROLLBACK_FAILED : n.outcome());
    };
  }

  private static String outcomeReason(RunOutcome outcome) {
    return switch (outcome) {
      case ROLLED_BACK -> "RollbackComplete";
      case MANUAL_NEEDED -> "RollbackManualNeeded";
      case ROLLBACK_FAILED -> "RollbackFailed";
      case NEEDS_ATTENTION -> "RollbackNeedsAttention";
    };
  }

  private static String eventName(String target, Notification n) {
    // a run sends one notification per kind, audience and outcome; a repeat of it maps to the same name
    String key = n.runId().value() + "/" + n.kind() + "/" + n.audience() + (n.outcome() == null ? "" : "/" + n.outcome());
    String prefix = target.length() > 200 ? target.substring(0, 200) : target;
    return prefix + "." + hash(key);
  }

  private static String hash(String s) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
