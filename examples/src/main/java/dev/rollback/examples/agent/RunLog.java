package dev.rollback.examples.agent;

import dev.rollback.core.JournalEntry;
import dev.rollback.core.RunEvent;
import dev.rollback.core.RunListener;
import dev.rollback.core.RunResult;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.core.postmortem.PostmortemPublisher;
import dev.rollback.spi.Version;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent logs of each run: its start (or resumption), each step as the journal records
 * it, its end with the versions, and where its postmortem was written. It also wraps the
 * postmortem publisher, to log the postmortem's location once it is there.
 */
final class RunLog implements RunListener {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.agent");

  @Override
  public void onEvent(RunEvent event) {
    if (event instanceof RunEvent.RunStarted started) {
      LOG.warn("[{}] rollback run {} started: {}", started.deployment(), started.runId(), started.trigger().reason());
    } else if (event instanceof RunEvent.RunResumed resumed) {
      LOG.warn("[{}] rollback run {} resumed at {}", resumed.deployment(), resumed.runId(),
          resumed.resumption().node().label());
    } else if (event instanceof RunEvent.StepFinished step) {
      JournalEntry e = step.entry();
      LOG.info("[{}] run {}: {}: {}{}", step.deployment(), step.runId(), e.node().label(), e.result(),
          e.detail().isEmpty() ? "" : " - " + e.detail());
    } else if (event instanceof RunEvent.RunFinished finished) {
      RunResult r = finished.result();
      LOG.warn("[{}] rollback run {} ended {} ({} -> {}) in {} s; on-call notified: {}", finished.deployment(),
          finished.runId(), r.outcome(), id(r.from()), id(r.to()), r.duration().toSeconds(), r.onCallNotified());
    } else if (event instanceof RunEvent.RunStopped stopped) {
      LOG.warn("[{}] rollback run {} stopped in this agent: {}", stopped.deployment(), stopped.runId(),
          stopped.reason());
    }
  }

  private static String id(@Nullable Version v) {
    return v == null ? "none" : v.id();
  }

  /** Returns {@code publisher}, logging where each postmortem went. */
  static PostmortemPublisher logging(PostmortemPublisher publisher) {
    return new PostmortemPublisher() {
      @Override
      public String name() {
        return publisher.name();
      }

      @Override
      public Optional<URI> publish(Postmortem postmortem) throws Exception {
        Optional<URI> at = publisher.publish(postmortem);
        LOG.info("[{}] postmortem of run {} written: {}", postmortem.deployment(), postmortem.runId(),
            at.map(URI::toString).orElse(publisher.name()));
        return at;
      }

      @Override
      public Optional<URI> locate(Postmortem postmortem) {
        return publisher.locate(postmortem);
      }
    };
  }
}
