/**
 * Implementation of the HTTP smoke tester: URL templates, running the checks, judging responses.
 * Not an API: types here may change without notice; use {@link
 * dev.rollback.smoke.http.SmokeTesters}.
 */
@NullMarked
package dev.rollback.smoke.http.internal;

import org.jspecify.annotations.NullMarked;
