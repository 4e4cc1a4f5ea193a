/**
 * A Spring Boot application that embeds rollback-spring-boot-starter: the test kit's in-memory
 * adapters are its beans, {@code application.yaml} sets the rest, and the Actuator endpoint
 * {@code /actuator/rollback} starts and lists rollbacks.
 */
@NullMarked
package dev.rollback.spring.examples;

import org.jspecify.annotations.NullMarked;
