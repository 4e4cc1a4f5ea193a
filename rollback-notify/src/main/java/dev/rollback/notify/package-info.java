/**
 * Notifiers: Slack, PagerDuty Events API v2, a generic signed webhook, and routing by audience,
 * built on {@code java.net.http} and Jackson.
 *
 * <p>Entry point: {@link dev.rollback.notify.Notifiers}. Each notifier takes an immutable
 * configuration ({@link dev.rollback.notify.SlackConfig}, {@link
 * dev.rollback.notify.PagerDutyConfig}, {@link dev.rollback.notify.WebhookConfig}, {@link
 * dev.rollback.notify.AudienceRoutes}) built by a builder that reports every broken rule at once
 * in one {@link dev.rollback.spi.helpers.InvalidConfigurationException}.
 *
 * <h2>Shared behaviour</h2>
 *
 * <ul>
 *   <li><b>Blocking and thread-safe.</b> Every notifier is one immutable object that serves
 *       concurrent runs; calls block on the network and honour interrupts by throwing {@link
 *       java.lang.InterruptedException}.
 *   <li><b>One attempt per send; the engine retries.</b> An HTTP notifier sends one request per
 *       {@code send}, bounded by its {@link dev.rollback.notify.DeliveryPolicy}'s connect and
 *       request timeouts. When the destination does not accept it, the notifier throws a {@link
 *       dev.rollback.notify.NotificationDeliveryException} (a {@link
 *       dev.rollback.spi.NotifierException}): {@linkplain
 *       dev.rollback.spi.NotifierException#retryable() retryable} after a timeout, a lost
 *       connection, {@code 429} or a {@code 5xx}, with the server's {@code Retry-After} in
 *       {@link dev.rollback.spi.NotifierException#retryAfter()}; not retryable after any other
 *       {@code 4xx}. The engine decides whether and when to send again.
 *   <li><b>Secrets.</b> Webhook URLs, routing keys, signing secrets and header values are held as
 *       {@link dev.rollback.spi.helpers.Secret}s: they are never logged and never appear in
 *       exception messages or {@code toString()}.
 * </ul>
 *
 * <p>The generic webhook's JSON body is documented in {@code WEBHOOK.md} at the root of this
 * module and in {@link dev.rollback.notify.WebhookConfig}.
 */
@NullMarked
package dev.rollback.notify;

import org.jspecify.annotations.NullMarked;
