/**
 * The detection benchmark: seeded synthetic metric series of known regressions and of unchanged
 * releases, judged by each detector the way the deployment monitor judges them, summarized as
 * detection rate, delay and false alarms.
 */
@NullMarked
package dev.rollback.benchmarks;

import org.jspecify.annotations.NullMarked;
