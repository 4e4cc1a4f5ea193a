package dev.rollback.core.internal;

import dev.rollback.core.FailureKind;
import dev.rollback.core.StepResult;
import org.jspecify.annotations.Nullable;

/** How a node ended, before the engine picks the edge and journals it. */
record Step(StepResult result, String detail, @Nullable FailureKind failure, @Nullable String cause) {

  static Step done(String detail) {
    return new Step(StepResult.DONE, detail, null, null);
  }

  static Step skipped(String detail) {
    return new Step(StepResult.SKIPPED, detail, null, null);
  }

  static Step answer(boolean yes, String detail) {
    return new Step(yes ? StepResult.YES : StepResult.NO, detail, null, null);
  }

  static Step no(String detail, @Nullable String cause) {
    return new Step(StepResult.NO, detail, null, cause);
  }

  static Step failed(FailureKind kind, String detail, @Nullable String cause) {
    return new Step(StepResult.FAILED, detail, kind, cause);
  }

  static Step failed(CallOutcome.Failed<?> failed) {
    return new Step(StepResult.FAILED, failed.message(), failed.kind(), failed.causeText());
  }
}
