/**
 * Implementation of the notifiers: one HTTP delivery attempt, the Slack, PagerDuty and webhook
 * renderers, signing, routing by audience. Not an API: types here may change without notice; use
 * {@link dev.rollback.notify.Notifiers}.
 */
@NullMarked
package dev.rollback.notify.internal;

import org.jspecify.annotations.NullMarked;
