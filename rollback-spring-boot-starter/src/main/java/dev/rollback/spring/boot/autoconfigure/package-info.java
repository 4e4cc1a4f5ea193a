/**
 * The starter's auto-configurations: one per adapter group, each conditional on its jar and its
 * properties, and {@link dev.rollback.spring.boot.autoconfigure.RollbackAutoConfiguration} after
 * them, which builds the engine and the monitor from whatever SPI beans there are. A bean of an SPI
 * type that the application defines replaces the auto-configured one.
 */
@NullMarked
package dev.rollback.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
