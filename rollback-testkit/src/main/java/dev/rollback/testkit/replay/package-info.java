/**
 * Replaying recorded metrics: {@link dev.rollback.testkit.replay.CsvMetricsReplay} answers a
 * {@link dev.rollback.spi.MetricsSource}'s queries from CSV files, so that a past incident can be
 * run through the detectors and the whole workflow in virtual time.
 */
@NullMarked
package dev.rollback.testkit.replay;

import org.jspecify.annotations.NullMarked;
