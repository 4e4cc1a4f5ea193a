/**
 * An HTTP {@link dev.rollback.spi.SmokeTester} on {@code java.net.http}: each {@link
 * dev.rollback.smoke.http.HttpCheck} sends one request (repeated when asked, with a pass ratio) to
 * a URL rendered for the restored version, and checks the status, the body, a JSON field and the
 * latency.
 *
 * <p>Entry point: {@link dev.rollback.smoke.http.SmokeTesters#http}, with an immutable {@link
 * dev.rollback.smoke.http.HttpSmokeConfig} whose builders report every broken rule at once in one
 * {@link dev.rollback.spi.helpers.InvalidConfigurationException}. The tester is thread-safe and
 * blocking, honours interrupts, and reports an unreachable service as a failed check rather than
 * throwing. Header values are {@link dev.rollback.spi.helpers.Secret}s: never reported in a check's
 * detail, a log line or {@code toString()}.
 *
 * <p>Everything under {@code dev.rollback.smoke.http.internal} is implementation and may change
 * without notice.
 */
@NullMarked
package dev.rollback.smoke.http;

import org.jspecify.annotations.NullMarked;
