package dev.rollback.examples.agent;

import dev.rollback.core.detect.Decision;
import dev.rollback.core.detect.Judgement;
import dev.rollback.core.detect.Verdict;
import dev.rollback.spi.DeploymentRef;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the monitor's judgements: every one at DEBUG, and at INFO each time a deployment's
 * judgement changes kind (no data, too few samples, healthy, anomalous, failed), so that the log
 * tells how each release is doing without a line per interval. The monitor itself logs the
 * anomalies and the runs it starts at WARN.
 */
final class JudgementLog implements Consumer<Judgement> {
  private static final Logger LOG = LoggerFactory.getLogger("dev.rollback.agent.judgements");

  private final Map<DeploymentRef, String> lastKind = new ConcurrentHashMap<>();

  @Override
  public void accept(Judgement j) {
    String kind;
    String text;
    if (j.result() instanceof Judgement.Result.Judged judged) {
      kind = judged.verdict().getClass().getSimpleName();
      text = describe(judged.verdict()) + "; decision " + decision(judged.decision());
    } else {
      Judgement.Result.Failed failed = (Judgement.Result.Failed) j.result();
      kind = "Failed";
      text = "the judgement failed: " + failed.reason();
    }
    String previous = lastKind.put(j.deployment(), kind);
    if (!kind.equals(previous)) {
      LOG.info("[{}] {} ({} ms)", j.deployment(), text, j.duration().toMillis());
    } else {
      LOG.debug("[{}] {} ({} ms)", j.deployment(), text, j.duration().toMillis());
    }
  }

  private static String describe(Verdict verdict) {
    if (verdict instanceof Verdict.Healthy h) {
      return "healthy: " + h.detail();
    } else if (verdict instanceof Verdict.Insufficient i) {
      return "too few samples yet: " + i.reason();
    } else if (verdict instanceof Verdict.NoData n) {
      return "no data: " + n.reason();
    }
    return "anomalous: " + ((Verdict.Anomalous) verdict).finding().summary();
  }

  private static String decision(Decision decision) {
    return decision.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }
}
