package dev.rollback.k8s;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Ties the JVM's real control plane ({@link ControlPlane}) to the JUnit run: registered for every
 * test class of the module (service loader, {@code junit-platform.properties}), it hands the
 * started control plane to the root context's store, which closes it, stopping every process and
 * removing its data, when the whole run is over; and it reports how long the start took. The
 * control plane is started on the first {@link TestCluster#create()}, so a run of mock-only
 * classes starts none. A JVM ended some other way stops it from the shutdown hook.
 */
public final class ControlPlaneExtension implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store root = context.getRoot().getStore(ExtensionContext.Namespace.create(ControlPlaneExtension.class));
    root.getOrComputeIfAbsent(Lifecycle.class, k -> new Lifecycle(), Lifecycle.class);
  }

  /** Closes the control plane, if one was started, when JUnit closes the root store. */
  private static final class Lifecycle implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      ControlPlane.stopShared();
    }
  }
}
