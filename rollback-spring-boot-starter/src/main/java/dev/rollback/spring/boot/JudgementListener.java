package dev.rollback.spring.boot;

import dev.rollback.core.detect.Judgement;
import java.util.function.Consumer;

/**
 * Receives every judgement of the auto-configured {@link dev.rollback.core.detect.DeploymentMonitor};
 * every bean of this type is called, in order. It must not block; anything it throws is logged
 * and changes nothing (see {@link dev.rollback.core.detect.DeploymentMonitor.Builder#onJudgement}).
 */
@FunctionalInterface
public interface JudgementListener extends Consumer<Judgement> {}
