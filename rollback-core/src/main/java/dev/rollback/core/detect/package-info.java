/**
 * Detection: {@link dev.rollback.core.detect.Detector detectors} judge a deployment's metrics and
 * answer with a {@link dev.rollback.core.detect.Verdict}; an anomalous verdict carries the {@link
 * dev.rollback.core.detect.Finding} that starts a rollback and explains it to people.
 */
@NullMarked
package dev.rollback.core.detect;

import org.jspecify.annotations.NullMarked;
