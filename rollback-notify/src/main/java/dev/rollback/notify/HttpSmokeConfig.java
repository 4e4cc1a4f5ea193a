package dev.rollback.notify;

import dev.rollback.notify.internal.Problems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link SmokeTesters#http} checks and how long it waits.
 *
 * @param checks the checks, run in order; at least one, with distinct {@linkplain
 *     HttpCheck#displayName() names}
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for a response; an attempt that waits longer fails
 * @param sleeper how the tester waits between a check's attempts
 */
public record HttpSmokeConfig(
    List<HttpCheck> checks, Duration connectTimeout, Duration requestTimeout, Sleeper sleeper) {

  /** Validates every field, reports every broken rule at once, and copies the list. */
  public HttpSmokeConfig {
    Problems p = new Problems();
    if (p.present(checks, "HttpSmokeConfig.checks")) {
      p.check(checks.isEmpty(), "HttpSmokeConfig.checks must not be empty");
      Set<String> names = new HashSet<>();
      List<HttpCheck> copy = new ArrayList<>();
      for (int i = 0; i < checks.size(); i++) {
        HttpCheck check = checks.get(i);
        if (p.present(check, "HttpSmokeConfig.checks[" + i + "]")) {
          p.check(!names.add(check.displayName()), "HttpSmokeConfig.checks[" + i + "] repeats the name '"
              + check.displayName() + "'; give the checks distinct names");
          copy.add(check);
        }
      }
      checks = List.copyOf(copy);
    }
    p.positive(connectTimeout, "HttpSmokeConfig.connectTimeout");
    p.positive(requestTimeout, "HttpSmokeConfig.requestTimeout");
    p.present(sleeper, "HttpSmokeConfig.sleeper");
    p.throwIfAny();
  }

  /** Returns a configuration of {@code checks} with 5 s connect and 10 s request timeouts. */
  public static HttpSmokeConfig of(HttpCheck... checks) {
    return new HttpSmokeConfig(
        List.of(checks), Duration.ofSeconds(5), Duration.ofSeconds(10), Sleeper.system());
  }

  /** Returns a copy with the given timeouts. */
  public HttpSmokeConfig withTimeouts(Duration connect, Duration request) {
    return new HttpSmokeConfig(checks, connect, request, sleeper);
  }

  /** Returns a copy with the given sleeper. */
  public HttpSmokeConfig withSleeper(Sleeper value) {
    return new HttpSmokeConfig(checks, connectTimeout, requestTimeout, value);
  }
}
