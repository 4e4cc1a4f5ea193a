package dev.rollback.core.detect;

import dev.rollback.core.Finding;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What the {@link DecisionPolicy} makes of a verdict: the step after <i>Detect anomaly in metrics</i>. */
public sealed interface Decision {

  /** Returns one sentence saying why. */
  String reason();

  /** Keep watching: healthy, too early to judge, or no data that the policy waits out. */
  record Continue(String reason) implements Decision {
    /** Validates the reason. */
    public Continue {
      Objects.requireNonNull(reason, "Decision.Continue.reason");
    }
  }

  /** Start a rollback run for the finding. */
  record Rollback(Finding finding) implements Decision {
    /** Validates the finding. */
    public Rollback {
      Objects.requireNonNull(finding, "Decision.Rollback.finding");
    }

    @Override
    public String reason() {
      return finding.summary();
    }
  }

  /**
   * Do not roll back automatically; a person must look (missing data, or a rollback that would
   * ping-pong).
   *
   * @param reason what the person should know
   * @param finding the anomaly that would have started a rollback, if there was one
   */
  record Page(String reason, @Nullable Finding finding) implements Decision {
    /** Validates the reason. */
    public Page {
      Objects.requireNonNull(reason, "Decision.Page.reason");
    }
  }

  /**
   * An anomaly that is not acted on yet (a run for the deployment started within the cooldown);
   * watching goes on.
   *
   * @param reason why it is held
   * @param finding the anomaly
   */
  record Hold(String reason, Finding finding) implements Decision {
    /** Validates the fields. */
    public Hold {
      Objects.requireNonNull(reason, "Decision.Hold.reason");
      Objects.requireNonNull(finding, "Decision.Hold.finding");
    }
  }
}
