/**
 * Statistics behind the detectors: ranks, the Mann-Whitney U test with the Hodges-Lehmann shift
 * and its interval, the normal distribution, the CUSUM recursion with its run-length
 * calibration, descriptive statistics with the long-run variance, and the change-point scan of a
 * baseline. Not API: may change in any release.
 */
@NullMarked
package dev.rollback.core.detect.internal;

import org.jspecify.annotations.NullMarked;
