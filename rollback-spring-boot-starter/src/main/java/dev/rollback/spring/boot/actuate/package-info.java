/**
 * The Actuator endpoint {@code rollback} (runs in progress, latest outcomes with their postmortems,
 * one run's journal, and, when enabled, a manual rollback) and the health indicator {@code
 * rollback} (the monitor's lag, whether the run store and the lock answer).
 */
@NullMarked
package dev.rollback.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
