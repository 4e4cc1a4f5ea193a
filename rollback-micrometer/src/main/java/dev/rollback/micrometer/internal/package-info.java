/**
 * Implementation of the Micrometer binding. Not an API: types here may change without notice; use
 * {@link dev.rollback.micrometer.RollbackObservability}.
 */
@NullMarked
package dev.rollback.micrometer.internal;

import org.jspecify.annotations.NullMarked;
