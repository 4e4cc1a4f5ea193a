package dev.rollback.core;

/**
 * The 21 nodes of the seed workflow, each with its seed identifier, lane, label and shape. The
 * edges between them are in {@link WorkflowGraph}.
 */
public enum Node {
  /** n1. */
  START("n1", Lane.ALERT_SYSTEM, "Start", NodeKind.TERMINAL),
  /** n2. */
  DETECT_ANOMALY("n2", Lane.ALERT_SYSTEM, "Detect anomaly in metrics", NodeKind.STEP),
  /** n3. */
  TRIGGER_ALERT("n3", Lane.ALERT_SYSTEM, "Trigger rollback alert", NodeKind.STEP),
  /** n4. */
  NOTIFY_ON_CALL("n4", Lane.ALERT_SYSTEM, "Notify on-call engineer", NodeKind.STEP),
  /** n5. */
  END("n5", Lane.ALERT_SYSTEM, "End", NodeKind.TERMINAL),
  /** n6. */
  IDENTIFY_CURRENT("n6", Lane.ORCHESTRATOR, "Identify current version", NodeKind.STEP),
  /** n7. */
  FETCH_PREVIOUS("n7", Lane.ORCHESTRATOR, "Fetch previous stable version", NodeKind.STEP),
  /** n8. */
  PREVIOUS_AVAILABLE("n8", Lane.ORCHESTRATOR, "Previous version available?", NodeKind.DECISION),
  /** n9. */
  PREPARE_MANIFEST("n9", Lane.ORCHESTRATOR, "Prepare rollback manifest", NodeKind.STEP),
  /** n10. */
  HALT_MANUAL("n10", Lane.ORCHESTRATOR, "Halt manual rollback", NodeKind.STEP),
  /** n11. */
  SCALE_DOWN("n11", Lane.KUBERNETES, "Scale down new pods", NodeKind.STEP),
  /** n12. */
  DEPLOY_PREVIOUS("n12", Lane.KUBERNETES, "Deploy previous image", NodeKind.STEP),
  /** n13. */
  WAIT_READY("n13", Lane.KUBERNETES, "Wait for pods ready", NodeKind.STEP),
  /** n14. */
  PODS_HEALTHY("n14", Lane.KUBERNETES, "All pods healthy?", NodeKind.DECISION),
  /** n15. */
  UPDATE_SELECTOR("n15", Lane.KUBERNETES, "Update service selector", NodeKind.STEP),
  /** n16. */
  MARK_FAILED("n16", Lane.KUBERNETES, "Mark rollback failed", NodeKind.STEP),
  /** n17. */
  RUN_SMOKE_TESTS("n17", Lane.VERIFICATION, "Run smoke tests", NodeKind.STEP),
  /** n18. */
  TESTS_PASSING("n18", Lane.VERIFICATION, "Tests passing?", NodeKind.DECISION),
  /** n19. */
  UPDATE_STATUS("n19", Lane.VERIFICATION, "Update deployment status", NodeKind.STEP),
  /** n20. */
  CLEANUP("n20", Lane.VERIFICATION, "Cleanup old resources", NodeKind.STEP),
  /** n21. */
  ESCALATE("n21", Lane.VERIFICATION, "Escalate to team lead", NodeKind.STEP);

  private final String seedId;
  private final Lane lane;
  private final String label;
  private final NodeKind kind;

  Node(String seedId, Lane lane, String label, NodeKind kind) {
    this.seedId = seedId;
    this.lane = lane;
    this.label = label;
    this.kind = kind;
  }

  /** Returns the node's identifier in the seed file, {@code n1} to {@code n21}. */
  public String seedId() {
    return seedId;
  }

  /** Returns the lane the node sits in. */
  public Lane lane() {
    return lane;
  }

  /** Returns the node's label in the seed file, e.g. {@code Scale down new pods}. */
  public String label() {
    return label;
  }

  /** Returns the node's shape. */
  public NodeKind kind() {
    return kind;
  }
}
