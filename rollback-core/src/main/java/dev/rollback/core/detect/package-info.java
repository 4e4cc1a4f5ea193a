/**
 * Detection, in one place: the <i>Detect anomaly in metrics</i> node of the workflow. {@link
 * dev.rollback.core.detect.Detector Detectors} judge a deployment's metrics and answer with a
 * {@link dev.rollback.core.detect.Verdict}; an anomalous verdict carries the {@link
 * dev.rollback.core.Finding} that starts a rollback and explains it to people. The {@link
 * dev.rollback.core.detect.DeploymentMonitor} watches released deployments, judges each on a
 * schedule ({@link dev.rollback.core.detect.Judgement}) and starts a run on the {@link
 * dev.rollback.core.engine.RollbackEngine} when a detector finds a regression; {@link
 * dev.rollback.core.detect.DefaultDetection} is the composition it uses unless told otherwise.
 */
@NullMarked
package dev.rollback.core.detect;

import org.jspecify.annotations.NullMarked;
