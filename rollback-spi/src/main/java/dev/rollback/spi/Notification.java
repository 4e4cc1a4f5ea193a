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

  /**
   * Returns a builder with nothing set but the defaults: an empty message, no facts, links or
   * attachments. {@link Builder#build()} checks the same rules as the canonical constructor.
   *
   * <p>Build notifications (in a notifier's tests, say) with a builder rather than the canonical
   * constructor: the record gains a component when the SPI grows a field, which changes the
   * constructor but not the builder.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding every field of {@code existing}. */
  public static Builder builder(Notification existing) {
    Builder b = new Builder();
    b.runId = existing.runId;
    b.deployment = existing.deployment;
    b.kind = existing.kind;
    b.audience = existing.audience;
    b.severity = existing.severity;
    b.title = existing.title;
    b.message = existing.message;
    b.outcome = existing.outcome;
    b.from = existing.from;
    b.to = existing.to;
    b.failedStep = existing.failedStep;
    b.cause = existing.cause;
    b.facts = existing.facts;
    b.links = existing.links;
    b.attachments = existing.attachments;
    b.createdAt = existing.createdAt;
    return b;
  }

  /** Returns a copy with {@code link} and {@code attachment} added (either may be null). */
  public Notification withDocument(@Nullable Link link, @Nullable Attachment attachment) {
    List<Link> newLinks = link == null ? links : append(links, link);
    List<Attachment> newAttachments = attachment == null ? attachments : append(attachments, attachment);
    return new Notification(
        runId, deployment, kind, audience, severity, title, message, outcome, from, to, failedStep,
        cause, facts, newLinks, newAttachments, createdAt);
  }

  /**
   * Builds a {@link Notification}. Not thread-safe; {@link #build()} may be called more than once.
   */
  public static final class Builder {
    private @Nullable RunId runId;
    private @Nullable DeploymentRef deployment;
    private @Nullable NotificationKind kind;
    private @Nullable Audience audience;
    private @Nullable Severity severity;
    private @Nullable String title;
    private @Nullable String message = "";
    private @Nullable RunOutcome outcome;
    private @Nullable Version from;
    private @Nullable Version to;
    private @Nullable String failedStep;
    private @Nullable String cause;
    private @Nullable Map<String, String> facts = Map.of();
    private @Nullable List<Link> links = List.of();
    private @Nullable List<Attachment> attachments = List.of();
    private @Nullable Instant createdAt;

    private Builder() {}

    /** Sets the run, stable across retries: a deduplication key; required. */
    public Builder runId(@Nullable RunId value) {
      this.runId = value;
      return this;
    }

    /** Sets the deployment being rolled back; required. */
    public Builder deployment(@Nullable DeploymentRef value) {
      this.deployment = value;
      return this;
    }

    /** Sets which workflow node sends it; required. */
    public Builder kind(@Nullable NotificationKind value) {
      this.kind = value;
      return this;
    }

    /** Sets who it is for; required. */
    public Builder audience(@Nullable Audience value) {
      this.audience = value;
      return this;
    }

    /** Sets how urgent it is; required. */
    public Builder severity(@Nullable Severity value) {
      this.severity = value;
      return this;
    }

    /** Sets one line; required, not blank. */
    public Builder title(@Nullable String value) {
      this.title = value;
      return this;
    }

    /** Sets a few sentences of plain text; default empty. */
    public Builder message(@Nullable String value) {
      this.message = value;
      return this;
    }

    /** Sets the run's outcome; required when the kind is {@link NotificationKind#RUN_FINISHED}. */
    public Builder outcome(@Nullable RunOutcome value) {
      this.outcome = value;
      return this;
    }

    /** Sets the failing version, when known. */
    public Builder from(@Nullable Version value) {
      this.from = value;
      return this;
    }

    /** Sets the version rolled back to, when known. */
    public Builder to(@Nullable Version value) {
      this.to = value;
      return this;
    }

    /** Sets the label of the step that failed, when one did. */
    public Builder failedStep(@Nullable String value) {
      this.failedStep = value;
      return this;
    }

    /** Sets why that step failed, when one did. */
    public Builder cause(@Nullable String value) {
      this.cause = value;
      return this;
    }

    /** Sets further facts as ordered name/value pairs; default none. */
    public Builder facts(@Nullable Map<String, String> value) {
      this.facts = value;
      return this;
    }

    /** Sets links, e.g. to the postmortem; default none. */
    public Builder links(@Nullable List<Link> value) {
      this.links = value;
      return this;
    }

    /** Sets documents, e.g. the postmortem; default none. */
    public Builder attachments(@Nullable List<Attachment> value) {
      this.attachments = value;
      return this;
    }

    /** Sets when the notification was created; required. */
    public Builder createdAt(@Nullable Instant value) {
      this.createdAt = value;
      return this;
    }

    /**
     * Returns the notification.
     *
     * @throws InvalidValueException naming the field and the rule when a required field is missing
     *     or a value is invalid
     */
    public Notification build() {
      return new Notification(
          Checks.present(runId, "Notification.runId"),
          Checks.present(deployment, "Notification.deployment"),
          Checks.present(kind, "Notification.kind"),
          Checks.present(audience, "Notification.audience"),
          Checks.present(severity, "Notification.severity"),
          Checks.present(title, "Notification.title"),
          Checks.present(message, "Notification.message"),
          outcome,
          from,
          to,
          failedStep,
          cause,
          Checks.present(facts, "Notification.facts"),
          Checks.present(links, "Notification.links"),
          Checks.present(attachments, "Notification.attachments"),
          Checks.present(createdAt, "Notification.createdAt"));
    }
  }

  private static <T> List<T> append(List<T> list, T item) {
    ArrayList<T> copy = new ArrayList<>(list);
    copy.add(item);
    return List.copyOf(copy);
  }
}
