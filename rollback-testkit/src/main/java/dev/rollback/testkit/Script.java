package dev.rollback.testkit;

import dev.rollback.spi.InvalidValueException;
import dev.rollback.spi.NotifierException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The shared script and call log of a set of in-memory adapters: for each {@link Op}, a queue of
 * behaviours for the next calls and a behaviour for every call after them (by default {@link
 * Behavior#succeed()}). Thread-safe.
 */
public final class Script {

  /** Supplies an answer; may throw like the adapter method it stands for. */
  @FunctionalInterface
  public interface Answer<T> {
    /** Returns the answer. */
    @Nullable T get() throws InterruptedException;
  }

  private final @Nullable VirtualTime time;
  private final Clock clock;
  private final Map<Op, Deque<Behavior>> next = new EnumMap<>(Op.class);
  private final Map<Op, Behavior> always = new EnumMap<>(Op.class);
  private final List<AdapterCall> calls = new ArrayList<>();
  private final Map<Op, Boolean> faulted = new EnumMap<>(Op.class);

  private Script(@Nullable VirtualTime time, Clock clock) {
    this.time = time;
    this.clock = clock;
  }

  /** Returns a script whose slow and hanging calls pass in {@code time}. */
  public static Script on(VirtualTime time) {
    return new Script(time, time.clock());
  }

  /** Returns a script whose slow and hanging calls block the calling thread for real. */
  public static Script realTime() {
    return new Script(null, Clock.systemUTC());
  }

  /** Queues {@code behaviors} for the next calls of {@code op}, in order. */
  public synchronized Script then(Op op, Behavior... behaviors) {
    Deque<Behavior> queue = next.computeIfAbsent(op, k -> new ArrayDeque<>());
    for (Behavior behavior : behaviors) {
      queue.add(Objects.requireNonNull(behavior, "behavior"));
    }
    return this;
  }

  /** Sets what {@code op} does on every call once its queue is empty. */
  public synchronized Script always(Op op, Behavior behavior) {
    always.put(op, Objects.requireNonNull(behavior, "behavior"));
    return this;
  }

  /** Returns every call so far, in order. */
  public synchronized List<AdapterCall> calls() {
    return List.copyOf(calls);
  }

  /** Returns the calls of {@code op} so far. */
  public synchronized List<AdapterCall> calls(Op op) {
    return calls.stream().filter(c -> c.op() == op).toList();
  }

  /** Returns whether any call of {@code op} so far did something other than succeed. */
  public synchronized boolean deviated(Op op) {
    return faulted.containsKey(op);
  }

  /** Returns the clock the adapters read. */
  public Clock clock() {
    return clock;
  }

  /** Returns the virtual time, if the script runs on one. */
  public @Nullable VirtualTime virtualTime() {
    return time;
  }

  private synchronized Behavior take(Op op, String subject) {
    Deque<Behavior> queue = next.get(op);
    Behavior behavior = queue != null && !queue.isEmpty() ? queue.poll() : always.getOrDefault(op, Behavior.succeed());
    calls.add(new AdapterCall(op, subject, behavior, clock.instant()));
    if (behavior != Behavior.succeed()) {
      faulted.put(op, Boolean.TRUE);
    }
    return behavior;
  }

  /**
   * Performs one call of {@code op} as scripted.
   *
   * @param normal the normal answer
   * @param no the "No" answer, or null where {@code op} has none (then {@code normal} is used)
   * @param malformed the malformed answer: returns null or throws the validation error
   */
  public <T> @Nullable T perform(
      Op op, String subject, Answer<T> normal, @Nullable Answer<T> no, Answer<T> malformed)
      throws InterruptedException {
    Behavior behavior = take(op, subject);
    if (behavior instanceof Behavior.Fail fail) {
      throw new IllegalStateException(fail.message());
    }
    if (behavior instanceof Behavior.Refuse refuse) {
      throw new NotifierException(refuse.message(), refuse.retryable(), refuse.retryAfter(), null);
    }
    if (behavior instanceof Behavior.Raise raise) {
      return raise.thrown().raise(op + " (" + subject + ")");
    }
    if (behavior instanceof Behavior.Slow slow) {
      pause(slow.duration());
      return normal.get();
    }
    if (behavior == Behavior.hang()) {
      hang();
    }
    if (behavior == Behavior.malformed()) {
      return malformed.get();
    }
    if (behavior == Behavior.interrupt()) {
      throw new InterruptedException("scripted interrupt of " + op);
    }
    if (behavior == Behavior.answerNo() && no != null) {
      return no.get();
    }
    return normal.get();
  }

  /**
   * Throws the {@link InvalidValueException} a malformed answer of a method without a return value
   * stands for.
   */
  public static <T> T invalid(Op op) {
    throw new InvalidValueException("scripted malformed answer of " + op + ": a value broke its validation");
  }

  private void pause(Duration duration) throws InterruptedException {
    VirtualTime t = time;
    if (t != null) {
      t.park(duration);
    } else {
      Thread.sleep(duration.toMillis());
    }
  }

  private void hang() throws InterruptedException {
    VirtualTime t = time;
    if (t != null) {
      t.parkUntilCancelled();
    }
    Thread.sleep(Long.MAX_VALUE);
    throw new IllegalStateException("unreachable");
  }
}
