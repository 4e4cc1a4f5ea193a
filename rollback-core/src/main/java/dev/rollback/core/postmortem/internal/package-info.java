/** Implementation of the postmortem: building it from a run, rendering and publishing it. Not API. */
@NullMarked
package dev.rollback.core.postmortem.internal;

import org.jspecify.annotations.NullMarked;
