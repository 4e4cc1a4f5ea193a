package dev.rollback.spring.boot.actuate;

import dev.rollback.core.Trigger;
import dev.rollback.core.engine.RollbackEngine;
import dev.rollback.spi.DeploymentRef;
import dev.rollback.spring.boot.RunHistory;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The endpoint {@code rollback} with its write operation: {@code POST /actuator/rollback} with
 * {@code cluster}, {@code namespace}, {@code name}, {@code operator} and {@code reason} starts a
 * manual rollback (or joins the run in progress for that deployment). Defined instead of {@link
 * RollbackEndpoint} only with {@code rollback.endpoint.manual-rollback.enabled=true}.
 */
@Endpoint(id = "rollback")
public class ManualRollbackEndpoint extends RollbackEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ManualRollbackEndpoint.class);

  private final RollbackEngine engine;

  /** Creates the endpoint over {@code history}, starting runs on {@code engine}. */
  public ManualRollbackEndpoint(RunHistory history, RollbackEngine engine) {
    super(history);
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /**
   * Starts a manual rollback of {@code cluster/namespace/name} for {@code operator}, because of
   * {@code reason}.
   *
   * @return what was started; the run's progress and outcome are in {@link #runs()}
   * @throws InvalidEndpointRequestException (400) when a value is blank or not a deployment name
   */
  @WriteOperation
  public ManualRollback rollback(String cluster, String namespace, String name, String operator, String reason) {
    DeploymentRef deployment;
    Trigger trigger;
    try {
      deployment = DeploymentRef.of(cluster, namespace, name);
      trigger = Trigger.manual(operator, reason);
    } catch (IllegalArgumentException e) {
      throw new InvalidEndpointRequestException(String.valueOf(e.getMessage()), "invalid manual rollback request", e);
    }
    boolean joined = engine.inProgress(deployment).isPresent();
    LOG.info("[{}] manual rollback asked by {}: {}", deployment, operator, reason);
    engine.start(deployment, trigger).whenComplete((result, error) -> {
      if (error != null) {
        LOG.warn("[{}] manual rollback asked by {} did not run to its end", deployment, operator, error);
      }
    });
    return new ManualRollback(deployment(deployment), operator, reason, joined);
  }

  /**
   * What {@code POST /actuator/rollback} answers.
   *
   * @param deployment {@code cluster/namespace/name}
   * @param operator who asked
   * @param reason why
   * @param joinedRunInProgress whether a run for the deployment was already in progress, which the
   *     request joined instead of starting another
   */
  public record ManualRollback(String deployment, String operator, String reason, boolean joinedRunInProgress) {}
}
