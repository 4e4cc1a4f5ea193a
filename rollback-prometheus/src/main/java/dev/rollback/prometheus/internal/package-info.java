/**
 * Implementation of the Prometheus metrics source: PromQL templating, the HTTP exchange with
 * retries, and parsing of the API's JSON answers. Not API; may change without notice.
 */
@NullMarked
package dev.rollback.prometheus.internal;

import org.jspecify.annotations.NullMarked;
