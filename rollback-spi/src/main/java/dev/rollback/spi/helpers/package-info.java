/**
 * Helpers for adapter authors, supported and exported on purpose so that every adapter shares them
 * instead of copying them (the way {@code org.slf4j.helpers} serves SLF4J's bindings):
 *
 * <ul>
 *   <li>{@link dev.rollback.spi.helpers.RollbackException}: the root of every exception the library
 *       and its adapters throw;
 *   <li>{@link dev.rollback.spi.helpers.ConfigProblems} and {@link
 *       dev.rollback.spi.helpers.InvalidConfigurationException}: validate a whole configuration
 *       and report every broken rule at once, each naming the field and the rule;
 *   <li>{@link dev.rollback.spi.helpers.Backoff} and {@link dev.rollback.spi.helpers.RetryAfter}:
 *       one exponential backoff with jitter that honours a server's {@code Retry-After};
 *   <li>{@link dev.rollback.spi.helpers.Sleeper}: the one seam through which adapters wait, so that
 *       tests can record waits instead of sleeping (time itself comes from a {@link
 *       java.time.Clock});
 *   <li>{@link dev.rollback.spi.helpers.Secret} and {@link dev.rollback.spi.helpers.Redactor}:
 *       credentials that never print, and text scrubbed of them before it leaves an adapter;
 *   <li>{@link dev.rollback.spi.helpers.Causes}: what an exception was, in one line, for journals,
 *       notifications and logs;
 *   <li>{@link dev.rollback.spi.helpers.HttpTimeouts} and {@link
 *       dev.rollback.spi.helpers.HttpClients}: the connect and request timeouts an HTTP adapter's
 *       settings hold, checked the same way everywhere, and the one client (no redirects, HTTP/1.1)
 *       and request builder that apply them.
 * </ul>
 *
 * <p>Every type here is immutable and thread-safe unless its javadoc says otherwise ({@link
 * dev.rollback.spi.helpers.ConfigProblems} is a builder-side collector and is not).
 */
@NullMarked
package dev.rollback.spi.helpers;

import org.jspecify.annotations.NullMarked;
