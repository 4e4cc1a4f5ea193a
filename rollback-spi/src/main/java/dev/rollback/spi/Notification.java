package dev.rollback.spi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A message to people about a run. The structured fields let a notifier render its own format
 * (a Slack block, a PagerDuty event) without parsing {@code message}.
 *
 * @param runId the run, stable across retries: a deduplication key
 * @param deployment the deployment being rolled back
 * @param kind which workflow node sends it
 * @param audience who it is for
 * @param severity how urgent it is
 * @param title one line, e.g. "Rolled back shop/checkout from v2 to v1"
 * @param message a few sentences of plain text
 * @param outcome the run's outcome; set on {@link NotificationKind#RUN_FINISHED}, else null
 * @param from the failing version, when known
 * @param to the version rolled back to, when known
 * @param failedStep the label of the step that failed, when one did
 * @param cause why that step failed, when one did
 * @param facts further facts as ordered name/value pairs (e.g. the detector's finding)
 * @param links links, e.g. to the postmortem
 * @param attachments documents, e.g. the postmortem
 * @param createdAt when the engine created it
 */
public record Notification(
    RunId runId,
    DeploymentRef deployment,
    NotificationKind kind,
    Audience audience,
    Severity severity,
    String title,
    String message,
    @Nullable RunOutcome outcome,
    @Nullable Version from,
    @Nullable Version to,
    @Nullable String failedStep,
    @Nullable String cause,
    Map<String, String> facts,
    List<Link> links,
    List<Attachment> attachments,
    Instant createdAt) {

  /** Validates the required fields and copies the collections. */
  public Notification {
    Checks.present(runId, "Notification.runId");
    Checks.present(deployment, "Notification.deployment");
    Checks.present(kind, "Notification.kind");
    Checks.present(audience, "Notification.audience");
    Checks.present(severity, "Notification.severity");
    Checks.notBlank(title, "Notification.title");
    Checks.present(message, "Notification.message");
    facts = Checks.orderedMap(facts, "Notification.facts");
    links = Checks.list(links, "Notification.links");
    attachments = Checks.list(attachments, "Notification.attachments");
    Checks.present(createdAt, "Notification.createdAt");
    if (kind == NotificationKind.RUN_FINISHED && outcome == null) {
      throw new InvalidValueException("Notification.outcome must be set when kind is RUN_FINISHED");
    }
  }

  /** Returns a copy with {@code link} and {@code attachment} added (either may be null). */
  public Notification withDocument(@Nullable Link link, @Nullable Attachment attachment) {
    List<Link> newLinks = link == null ? links : append(links, link);
    List<Attachment> newAttachments = attachment == null ? attachments : append(attachments, attachment);
    return new Notification(
        runId, deployment, kind, audience, severity, title, message, outcome, from, to, failedStep,
        cause, facts, newLinks, newAttachments, createdAt);
  }

  private static <T> List<T> append(List<T> list, T item) {
    ArrayList<T> copy = new ArrayList<>(list);
    copy.add(item);
    return List.copyOf(copy);
  }
}
