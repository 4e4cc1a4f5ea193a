/**
 * The rollback agent: a program a platform team runs as is, which finds releases on a cluster by
 * itself, judges them with the default detection on Prometheus metrics, rolls a regression back,
 * notifies and writes a postmortem of every run.
 */
@NullMarked
package dev.rollback.examples.agent;

import org.jspecify.annotations.NullMarked;
