package dev.rollback.core.internal;

import dev.rollback.core.PublicationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.TaskScheduler;
import dev.rollback.core.WorkflowGraph;
import dev.rollback.core.internal.format.Redaction;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.core.postmortem.PostmortemPublisher;
import dev.rollback.core.postmortem.PublishingPolicy;
import dev.rollback.spi.Attachment;
import dev.rollback.spi.Link;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of postmortems: attaches the draft to the on-call notification, and publishes
 * the final document through every publisher in turn, each attempt on the adapter executor under
 * the policy's deadline, retried with backoff. When no publisher published it, the whole Markdown
 * goes to the log at ERROR. Nothing here ever fails a run.
 */
public final class PostmortemPublishing {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.postmortem");

  private final List<PostmortemPublisher> publishers;
  private final PublishingPolicy policy;
  private final TaskScheduler scheduler;
  private final AdapterInvoker invoker;
  private final WorkflowGraph graph;

  /** Creates the publishing of one engine. */
  public PostmortemPublishing(List<PostmortemPublisher> publishers, PublishingPolicy policy,
      TaskScheduler scheduler, AdapterInvoker invoker, WorkflowGraph graph) {
    this.publishers = List.copyOf(publishers);
    this.policy = policy;
    this.scheduler = scheduler;
    this.invoker = invoker;
    this.graph = graph;
  }

  /**
   * What the terminal on-call notification carries: the draft postmortem as Markdown, and a link
   * from every publisher that can say where the final document will be.
   *
   * @param links the publishers' links, in the order the publishers were added
   * @param attachments the draft, or nothing
   */
  public record Draft(List<Link> links, List<Attachment> attachments) {
    /** Nothing to carry. */
    public static final Draft NONE = new Draft(List.of(), List.of());
  }

  /**
   * Returns the draft postmortem of {@code soFar} and the publishers' links, for the terminal
   * notification. On any error it returns {@link Draft#NONE}, so that the notification goes out
   * without them, and logs the error: the notification matters more.
   */
  public Draft draft(RunResult soFar) {
    CallOutcome<Draft> drafted = UserCode.call("the postmortem draft", () -> draftOf(soFar));
    if (drafted instanceof CallOutcome.Answered<Draft> answered) {
      return answered.value();
    }
    LOG.error("[{} run {}] could not attach the postmortem draft; the notification goes out without it",
        soFar.deployment(), soFar.runId(), ((CallOutcome.Failed<Draft>) drafted).cause());
    return Draft.NONE;
  }

  private Draft draftOf(RunResult soFar) {
    Postmortem draft = Postmortem.of(soFar, graph);
    Attachment attachment = new Attachment(draft.fileName("md"), "text/markdown", draft.markdown());
    List<Link> links = new ArrayList<>();
    for (PostmortemPublisher publisher : publishers) {
      locate(publisher, draft).ifPresent(where -> links.add(new Link("Postmortem (" + name(publisher) + ")", where)));
    }
    return new Draft(List.copyOf(links), List.of(attachment));
  }

  private static Optional<URI> locate(PostmortemPublisher publisher, Postmortem draft) {
    CallOutcome<Optional<URI>> where = UserCode.call("PostmortemPublisher.locate", () -> publisher.locate(draft));
    if (where instanceof CallOutcome.Failed<Optional<URI>> failed) {
      if (failed.cause() != null) {
        LOG.warn("[{} run {}] publisher {} could not locate the postmortem: {}", draft.deployment(), draft.runId(),
            name(publisher), failed.message());
      }
      return Optional.empty();
    }
    return ((CallOutcome.Answered<Optional<URI>>) where).value();
  }

  /**
   * Publishes the postmortem of {@code result} through every publisher; {@code done} receives
   * every attempt, on the scheduler, once the last publisher succeeded or ran out of attempts. With
   * no publisher, {@code done} runs at once with no attempt.
   */
  public void publish(RunResult result, Consumer<List<PublicationRecord>> done) {
    if (publishers.isEmpty()) {
      done.accept(List.of());
      return;
    }
    CallOutcome<Postmortem> built = UserCode.call("Postmortem.of", () -> Postmortem.of(result, graph));
    if (built instanceof CallOutcome.Failed<Postmortem> failed) {
      LOG.error("[{} run {}] could not build the postmortem; the run's result is complete without it",
          result.deployment(), result.runId(), failed.cause());
      done.accept(List.of(new PublicationRecord("engine", 1, scheduler.clock().instant(), false, null,
          "could not build the postmortem: " + Redaction.text(String.valueOf(failed.cause())))));
      return;
    }
    new Chain(((CallOutcome.Answered<Postmortem>) built).value(), done).attempt(0, 1);
  }

  private final class Chain {
    private final Postmortem postmortem;
    private final Consumer<List<PublicationRecord>> done;
    private final List<PublicationRecord> records = new ArrayList<>();

    Chain(Postmortem postmortem, Consumer<List<PublicationRecord>> done) {
      this.postmortem = postmortem;
      this.done = done;
    }

    void attempt(int index, int attempt) {
      if (index >= publishers.size()) {
        finish();
        return;
      }
      PostmortemPublisher publisher = publishers.get(index);
      String name = name(publisher);
      invoker.<Optional<URI>>call("PostmortemPublisher '" + name + "'", () -> publisher.publish(postmortem),
          scheduler.clock().instant().plus(policy.timeout()), outcome -> {
            if (outcome instanceof CallOutcome.Answered<Optional<URI>> answered) {
              URI where = answered.value().orElse(null);
              records.add(new PublicationRecord(name, attempt, now(), true, where, null));
              LOG.info("[{} run {}] postmortem published by {}{}", postmortem.deployment(), postmortem.runId(), name,
                  where == null ? "" : " at " + where);
              attempt(index + 1, 1);
              return;
            }
            CallOutcome.Failed<Optional<URI>> failed = (CallOutcome.Failed<Optional<URI>>) outcome;
            String error = Redaction.text(failed.message());
            records.add(new PublicationRecord(name, attempt, now(), false, null, error));
            LOG.warn("[{} run {}] postmortem publishing attempt {} of {} by {} failed: {}", postmortem.deployment(),
                postmortem.runId(), attempt, policy.attempts(), name, error);
            if (attempt < policy.attempts()) {
              scheduler.schedule(policy.backoffAfter(attempt), () -> attempt(index, attempt + 1));
            } else {
              attempt(index + 1, 1);
            }
          });
    }

    private void finish() {
      if (records.stream().noneMatch(PublicationRecord::published)) {
        LOG.error("[{} run {}] no publisher published the postmortem; it follows in full so it is not lost:\n{}",
            postmortem.deployment(), postmortem.runId(), postmortem.markdown());
        records.add(new PublicationRecord("log", 1, now(), false, null,
            "every publisher failed; the postmortem was written to the ERROR log"));
      }
      done.accept(List.copyOf(records));
    }

    private java.time.Instant now() {
      return scheduler.clock().instant();
    }
  }

  /** The publisher's name; its class name when {@code name()} throws or answers null or blank. */
  private static String name(PostmortemPublisher publisher) {
    String name = UserCode.orElse("PostmortemPublisher.name", publisher::name, "");
    return name.isBlank() ? publisher.getClass().getName() : name;
  }
}
