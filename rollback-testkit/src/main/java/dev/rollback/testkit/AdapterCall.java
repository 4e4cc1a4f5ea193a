package dev.rollback.testkit;

import java.time.Instant;

/**
 * One call an in-memory adapter received.
 *
 * @param op which call
 * @param subject what it was about (a deployment, a version, a notification title)
 * @param behavior what the script made it do
 * @param at when it started, in the adapter's time
 */
public record AdapterCall(Op op, String subject, Behavior behavior, Instant at) {}
