/**
 * Test kit for the rollback library: {@link dev.rollback.testkit.VirtualTime virtual time}, in-memory
 * adapters whose every call a test scripts ({@link dev.rollback.testkit.Behavior}) and records, and
 * a {@link dev.rollback.testkit.TestRig} that wires them into an engine.
 *
 * <p>SPI contract tests for adapter authors are in {@code dev.rollback.testkit.contract}; jqwik
 * arbitraries for scenarios in {@code dev.rollback.testkit.jqwik}.
 */
@NullMarked
package dev.rollback.testkit;

import org.jspecify.annotations.NullMarked;
