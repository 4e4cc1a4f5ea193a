package dev.rollback.testkit;

import dev.rollback.core.RunListener;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.core.postmortem.PostmortemPublisher;
import dev.rollback.spi.Notification;
import dev.rollback.spi.Notifier;
import dev.rollback.spi.RunId;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's callbacks that are not adapters, made to throw as scripted: a {@link RunListener},
 * a {@link Notifier} (its {@code name()} and its {@code send}), a {@link PostmortemPublisher} (its
 * {@code name()}, {@code locate} and {@code publish}) and the run id function. Each {@link Fault}
 * throws a {@link Thrown} at one call of one callback; every other call behaves. Thread-safe.
 *
 * <pre>{@code
 * FaultyCallbacks callbacks = FaultyCallbacks.of(List.of(
 *     new FaultyCallbacks.Fault(FaultyCallbacks.Callback.RUN_LISTENER, Thrown.ASSERTION_ERROR, 3)));
 * rig.customize(callbacks::installOn);
 * }</pre>
 */
public final class FaultyCallbacks {

  /** A callback the engine calls. */
  public enum Callback {
    /** {@link RunListener#onEvent}. */
    RUN_LISTENER,
    /** {@link Notifier#name()}. */
    NOTIFIER_NAME,
    /** {@link Notifier#send}. */
    NOTIFIER_SEND,
    /** {@link PostmortemPublisher#name()}. */
    PUBLISHER_NAME,
    /** {@link PostmortemPublisher#locate}. */
    PUBLISHER_LOCATE,
    /** {@link PostmortemPublisher#publish}. */
    PUBLISHER_PUBLISH,
    /** The {@linkplain RollbackEngine.Builder#runIds run id function}. */
    RUN_IDS
  }

  /**
   * One scripted throw.
   *
   * @param callback which callback throws
   * @param thrown what it throws
   * @param call at which of its calls, from 1
   */
  public record Fault(Callback callback, Thrown thrown, int call) {
    /** Validates the fields. */
    public Fault {
      Objects.requireNonNull(callback, "Fault.callback");
      Objects.requireNonNull(thrown, "Fault.thrown");
      if (call < 1) {
        throw new IllegalArgumentException("Fault.call must be >= 1 but was " + call);
      }
    }

    @Override
    public String toString() {
      return callback + "#" + call + "=" + thrown;
    }
  }

  private final List<Fault> faults;
  private final Map<Callback, Integer> calls = new EnumMap<>(Callback.class);
  private final List<Fault> thrown = new ArrayList<>();
  private final List<Notification> delivered = new ArrayList<>();

  private FaultyCallbacks(List<Fault> faults) {
    this.faults = List.copyOf(faults);
  }

  /** Returns callbacks that throw as {@code faults} say. */
  public static FaultyCallbacks of(List<Fault> faults) {
    return new FaultyCallbacks(Objects.requireNonNull(faults, "faults"));
  }

  /**
   * Adds the listener, the notifier (named {@code backup}, after the builder's notifiers), the
   * postmortem publisher and the run id function (ids {@code run-1}, {@code run-2}, ...) to {@code
   * builder}.
   */
  public RollbackEngine.Builder installOn(RollbackEngine.Builder builder) {
    return builder
        .listener(event -> hit(Callback.RUN_LISTENER))
        .notifier(new Notifier() {
          @Override
          public void send(Notification notification) {
            hit(Callback.NOTIFIER_SEND);
            synchronized (FaultyCallbacks.this) {
              delivered.add(notification);
            }
          }

          @Override
          public String name() {
            hit(Callback.NOTIFIER_NAME);
            return "backup";
          }
        })
        .postmortemPublisher(new PostmortemPublisher() {
          @Override
          public String name() {
            hit(Callback.PUBLISHER_NAME);
            return "memory";
          }

          @Override
          public Optional<URI> publish(Postmortem postmortem) {
            hit(Callback.PUBLISHER_PUBLISH);
            return Optional.of(where(postmortem));
          }

          @Override
          public Optional<URI> locate(Postmortem postmortem) {
            hit(Callback.PUBLISHER_LOCATE);
            return Optional.of(where(postmortem));
          }
        })
        .runIds(deployment -> RunId.of("run-" + hit(Callback.RUN_IDS)));
  }

  private static URI where(Postmortem postmortem) {
    return URI.create("memory:/postmortems/" + postmortem.runId());
  }

  /** Counts a call of {@code callback}, throws if a fault says so, and returns the call's number. */
  private int hit(Callback callback) {
    Fault due = null;
    int n;
    synchronized (this) {
      n = calls.merge(callback, 1, Integer::sum);
      for (Fault fault : faults) {
        if (fault.callback() == callback && fault.call() == n) {
          due = fault;
          thrown.add(fault);
          break;
        }
      }
    }
    if (due != null) {
      due.thrown().raise(callback + " call " + n);
    }
    return n;
  }

  /** Returns how often {@code callback} was called. */
  public synchronized int calls(Callback callback) {
    return calls.getOrDefault(callback, 0);
  }

  /** Returns the faults that were thrown, in order. */
  public synchronized List<Fault> thrown() {
    return List.copyOf(thrown);
  }

  /** Returns the notifications the {@code backup} notifier delivered. */
  public synchronized List<Notification> delivered() {
    return List.copyOf(delivered);
  }
}
