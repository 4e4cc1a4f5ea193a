/**
 * Implementation of the Prometheus metrics source: PromQL templating, the HTTP exchange with
 * retries (the toolbox's {@link dev.rollback.spi.helpers.Backoff}, waiting through its {@link
 * dev.rollback.spi.helpers.Sleeper}), credentials redacted with its {@link
 * dev.rollback.spi.helpers.Redactor}, and parsing of the API's JSON answers. Not API; may change
 * without notice.
 */
@NullMarked
package dev.rollback.prometheus.internal;

import org.jspecify.annotations.NullMarked;
