package dev.rollback.smoke.http.testing;

import dev.rollback.spi.DeploymentRef;
import dev.rollback.spi.RollbackManifest;
import dev.rollback.spi.RunId;
import dev.rollback.spi.ScaleDown;
import dev.rollback.spi.Version;
import java.time.Instant;

/** The manifest the smoke tests run against: run-42 restores v1 of prod-eu/shop/checkout. */
public final class Fixtures {
  public static final Instant AT = Instant.parse("2026-11-27T07:18:00Z");
  public static final DeploymentRef CHECKOUT = DeploymentRef.of("prod-eu", "shop", "checkout");
  public static final Version V2 = Version.of("v2", "app", "registry.example.com/shop/checkout:2.0");
  public static final Version V1 = Version.of("v1", "app", "registry.example.com/shop/checkout:1.0");

  private Fixtures() {}

  public static RollbackManifest manifest() {
    return new RollbackManifest(RunId.of("run-42"), CHECKOUT, V2, V1, ScaleDown.removeAll(), AT);
  }
}
