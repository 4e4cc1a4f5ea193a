/**
 * What the engine and the postmortem share for writing to people and documents: one formatter of
 * times, durations, numbers and JSON strings, and one redaction of secrets ({@code Redaction}, with
 * its scanner {@code SecretScan}), used by {@code core.internal}, {@code core.postmortem} and the
 * postmortem's records. A leaf: it depends on no other package of the library, so that all of them
 * can use it without a package cycle. Not exported.
 */
@NullMarked
package dev.rollback.core.internal.format;

import org.jspecify.annotations.NullMarked;
