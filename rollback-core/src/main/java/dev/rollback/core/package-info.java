/**
 * The rollback engine: the seed workflow as data ({@link dev.rollback.core.WorkflowGraph}), the
 * engine that walks it ({@link dev.rollback.core.RollbackEngine}), its policy, the journal and
 * result of a run, typed run events, and the monitor that starts runs when a detector finds an
 * anomaly.
 *
 * <p>The core depends only on {@code rollback-spi}, SLF4J and JSpecify. Time comes only from the
 * injected {@link dev.rollback.core.TaskScheduler}; nothing here sleeps or reads the system clock.
 */
@NullMarked
package dev.rollback.core;

import org.jspecify.annotations.NullMarked;
