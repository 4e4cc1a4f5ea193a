/**
 * Statistics behind the detectors: ranks, the Mann-Whitney U test with the Hodges-Lehmann shift
 * and its interval, the normal distribution, and the CUSUM recursion with its run-length
 * calibration. Not API: may change in any release.
 */
@NullMarked
package dev.rollback.core.detect.internal;

import org.jspecify.annotations.NullMarked;
