/**
 * Micrometer metrics and Observation-API traces of rollback runs and monitor judgements: bind a
 * {@link dev.rollback.micrometer.RollbackObservability} to a {@code MeterRegistry} (and, for traces, an
 * {@code ObservationRegistry}), then hand its {@linkplain
 * dev.rollback.micrometer.RollbackObservability#runListener() run listener} to the engine and its
 * {@linkplain dev.rollback.micrometer.RollbackObservability#judgementListener() judgement listener} to
 * the monitor.
 *
 * <p>Nothing here is a dependency of {@code rollback-core} or {@code rollback-spi}.
 */
@NullMarked
package dev.rollback.micrometer;

import org.jspecify.annotations.NullMarked;
