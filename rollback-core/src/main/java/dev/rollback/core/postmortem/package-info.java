/**
 * The blameless postmortem every run leaves: {@link dev.rollback.core.postmortem.Postmortem} is
 * built from a {@link dev.rollback.core.RunResult} and rendered as Markdown (CommonMark, GFM tables,
 * a Mermaid diagram of the workflow with the run's path highlighted) and JSON (schema documented
 * in {@code rollback-core/POSTMORTEM.md}).
 *
 * <p>The engine attaches a draft (the journal so far) to the <i>Notify on-call engineer</i>
 * notification, with a link from every {@link dev.rollback.core.postmortem.PostmortemPublisher}
 * that can name where the document will be, and at <i>End</i> hands the final postmortem to every
 * publisher, with retries. A failing publisher never changes a run's outcome; when every attempt
 * fails the whole Markdown is written to the log at ERROR.
 *
 * <p>Secrets never appear: every text field is redacted when a postmortem is constructed.
 */
@NullMarked
package dev.rollback.core.postmortem;

import org.jspecify.annotations.NullMarked;
