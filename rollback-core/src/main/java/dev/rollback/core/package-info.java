/**
 * The values every part of the engine shares: the seed workflow as data ({@link
 * dev.rollback.core.WorkflowGraph}, its nodes, edges and lanes), the {@link
 * dev.rollback.core.RollbackPolicy}, a run's trigger, journal and {@link
 * dev.rollback.core.RunResult}, typed run events, the {@link dev.rollback.core.Finding} that explains a detected regression, and
 * the {@link dev.rollback.core.TaskScheduler} that is the engine's only source of time.
 *
 * <p>The engine that walks the graph is {@link dev.rollback.core.engine.RollbackEngine}; the
 * detectors and the monitor that starts runs are in {@code dev.rollback.core.detect}. This package
 * depends on neither: it is the bottom of the core's package graph.
 *
 * <p>The core depends only on {@code rollback-spi}, SLF4J and JSpecify. Time comes only from the
 * injected {@link dev.rollback.core.TaskScheduler}; nothing here sleeps or reads the system clock.
 */
@NullMarked
package dev.rollback.core;

import org.jspecify.annotations.NullMarked;
