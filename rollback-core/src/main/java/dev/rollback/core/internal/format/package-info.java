/**
 * How the engine and the postmortem write times and durations for people and documents: one
 * formatter of each, shared by {@code core.internal} and {@code core.postmortem.internal}. A leaf:
 * it depends on no other package of the library, so that both can use it without a package cycle.
 * Not exported.
 */
@NullMarked
package dev.rollback.core.internal.format;

import org.jspecify.annotations.NullMarked;
