package dev.rollback.testkit;

import dev.rollback.spi.NotifierException;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a scripted in-memory adapter does on one call.
 *
 * <p>Every adapter method has a "normal" answer (the version, a healthy report, a passed smoke
 * run) and, where the workflow has a branch for it, a "No" answer (no previous version, unhealthy
 * pods, failed smoke checks). The other behaviours are faults the engine must survive.
 */
public sealed interface Behavior {

  /** Answers normally. */
  static Behavior succeed() {
    return Succeed.INSTANCE;
  }

  /** Answers the expected failure the workflow branches on, where the method has one. */
  static Behavior answerNo() {
    return AnswerNo.INSTANCE;
  }

  /** Throws an {@link IllegalStateException} with {@code message}. */
  static Behavior fail(String message) {
    return new Fail(message);
  }

  /**
   * Throws a {@link NotifierException} with {@code message}, saying whether a later attempt might
   * succeed and, when {@code retryAfter} is not null, when to try again: how a notifier tells the
   * engine, which owns retrying, whether to call it again.
   */
  static Behavior refuse(String message, boolean retryable, @Nullable Duration retryAfter) {
    return new Refuse(message, retryable, retryAfter);
  }

  /** Hangs until the engine cancels the call at its deadline. */
  static Behavior hang() {
    return Hang.INSTANCE;
  }

  /** Takes {@code duration} of virtual time, then answers normally. */
  static Behavior slow(Duration duration) {
    return new Slow(duration);
  }

  /** Answers malformed data: null, or a value that breaks its validation. */
  static Behavior malformed() {
    return Malformed.INSTANCE;
  }

  /** Throws {@link InterruptedException}, as if the thread had been interrupted. */
  static Behavior interrupt() {
    return Interrupt.INSTANCE;
  }

  /** Throws a throwable of kind {@code thrown}: an error, or a checked exception thrown sneakily. */
  static Behavior raise(Thrown thrown) {
    return new Raise(thrown);
  }

  /** Answers normally. */
  enum Succeed implements Behavior {
    /** The instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "succeed";
    }
  }

  /** Answers the workflow's "No". */
  enum AnswerNo implements Behavior {
    /** The instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "answer-no";
    }
  }

  /** Hangs until cancelled. */
  enum Hang implements Behavior {
    /** The instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "hang";
    }
  }

  /** Answers malformed data. */
  enum Malformed implements Behavior {
    /** The instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "malformed";
    }
  }

  /** Throws InterruptedException. */
  enum Interrupt implements Behavior {
    /** The instance. */
    INSTANCE;

    @Override
    public String toString() {
      return "interrupt";
    }
  }

  /**
   * Throws a {@link NotifierException}.
   *
   * @param message the exception's message
   * @param retryable whether the engine may try the notifier again
   * @param retryAfter the wait the destination asked for, or null
   */
  record Refuse(String message, boolean retryable, @Nullable Duration retryAfter) implements Behavior {
    /** Checks the fields. */
    public Refuse {
      Objects.requireNonNull(message, "Behavior.Refuse.message");
    }
  }

  /**
   * Throws.
   *
   * @param message the exception's message
   */
  record Fail(String message) implements Behavior {
    /** Validates the message. */
    public Fail {
      Objects.requireNonNull(message, "Behavior.Fail.message");
    }

    @Override
    public String toString() {
      return "fail(" + message + ")";
    }
  }

  /**
   * Takes time, then answers normally.
   *
   * @param duration how long, not negative
   */
  record Slow(Duration duration) implements Behavior {
    /** Validates the duration. */
    public Slow {
      if (duration == null || duration.isNegative()) {
        throw new IllegalArgumentException("Behavior.Slow.duration must not be negative but was " + duration);
      }
    }

    @Override
    public String toString() {
      return "slow(" + duration + ")";
    }
  }

  /**
   * Throws what no well-behaved adapter throws.
   *
   * @param thrown which throwable
   */
  record Raise(Thrown thrown) implements Behavior {
    /** Validates the kind. */
    public Raise {
      Objects.requireNonNull(thrown, "Behavior.Raise.thrown");
    }

    @Override
    public String toString() {
      return "raise(" + thrown + ")";
    }
  }
}
