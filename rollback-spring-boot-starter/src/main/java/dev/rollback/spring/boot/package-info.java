/**
 * Spring Boot auto-configuration of rollback: the {@link dev.rollback.core.engine.RollbackEngine}, the
 * {@link dev.rollback.core.detect.DeploymentMonitor} and the adapters whose jars are on the class path,
 * built from {@code rollback.*} properties ({@link dev.rollback.spring.boot.RollbackProperties}).
 * A bean of an SPI type that the application defines itself replaces the auto-configured one.
 *
 * <p>Unlike every other jar of the library, this one has no {@code module-info.java}: Spring Boot
 * finds auto-configurations and reflects on configuration classes through class-path scanning, so
 * the jar is meant for the class path; its {@code Automatic-Module-Name} is {@code
 * dev.rollback.spring.boot}.
 */
@NullMarked
package dev.rollback.spring.boot;

import org.jspecify.annotations.NullMarked;
