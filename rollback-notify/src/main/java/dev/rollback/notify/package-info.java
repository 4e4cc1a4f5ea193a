/**
 * Notifiers (Slack, PagerDuty Events API v2, a generic signed webhook, routing by audience) and an
 * HTTP smoke tester, built on {@code java.net.http} and Jackson.
 *
 * <p>Entry points: {@link dev.rollback.notify.Notifiers} and {@link
 * dev.rollback.notify.SmokeTesters}. Each takes an immutable configuration record that validates
 * itself in its constructor and reports every broken rule at once in an {@link
 * dev.rollback.notify.InvalidConfigException}.
 *
 * <h2>Shared behaviour</h2>
 *
 * <ul>
 *   <li><b>Blocking and thread-safe.</b> Every adapter is one immutable object that serves
 *       concurrent runs; calls block on the network and honour interrupts by throwing {@link
 *       java.lang.InterruptedException}.
 *   <li><b>Retries.</b> Notifiers retry a delivery that timed out, lost its connection or got
 *       {@code 429} or a {@code 5xx}, with exponential backoff and jitter, waiting at least as long
 *       as the server's {@code Retry-After}; any other {@code 4xx} fails at once. The budget is
 *       {@link dev.rollback.notify.DeliveryPolicy}; the engine retries a throwing notifier as well,
 *       so keep it small. When delivery finally fails, the notifier throws a {@link
 *       dev.rollback.notify.NotificationDeliveryException}.
 *   <li><b>Secrets.</b> Webhook URLs, routing keys, signing secrets and header values are held as
 *       {@link dev.rollback.notify.Secret}s: they are never logged and never appear in exception
 *       messages, check details or {@code toString()}.
 * </ul>
 *
 * <p>The generic webhook's JSON body is documented in {@code WEBHOOK.md} at the root of this
 * module and in {@link dev.rollback.notify.WebhookConfig}.
 */
@NullMarked
package dev.rollback.notify;

import org.jspecify.annotations.NullMarked;
