/**
 * Implementation of the notifiers and the HTTP smoke tester. Not an API: types here may change
 * without notice; use {@link dev.rollback.notify.Notifiers} and {@link
 * dev.rollback.notify.SmokeTesters}.
 */
@NullMarked
package dev.rollback.notify.internal;

import org.jspecify.annotations.NullMarked;
