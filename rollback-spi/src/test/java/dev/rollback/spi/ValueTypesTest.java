package dev.rollback.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "checkout",
        "checkout:1.4.2",
        "shop/checkout:v1",
        "registry.example.com:5000/shop/checkout:1.4.2",
        "localhost/checkout",
        "ghcr.io/acme/check_out__x--y.z:latest",
        "checkout@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "docker.io/library/nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      })
  void acceptsImageReferencesOfTheOciGrammar(String value) {
    assertTrue(ImageReference.isValid(value));
    assertEquals(value, ImageReference.of(value).value());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "Checkout:1",
        "checkout:",
        "checkout:-bad",
        "shop//checkout",
        "checkout@sha256:abc",
        "https://registry/checkout",
        "checkout:1.0 extra",
        "not an image",
      })
  void rejectsStringsThatAreNotImageReferences(String value) {
    assertFalse(ImageReference.isValid(value));
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> ImageReference.of(value));
    assertTrue(e.getMessage().startsWith("ImageReference.value"), e.getMessage());
  }

  @Test
  void splitsAReferenceIntoItsParts() {
    ImageReference ref = ImageReference.of("registry.example.com:5000/shop/checkout:1.4.2");
    assertEquals("registry.example.com:5000", ref.registry());
    assertEquals("shop/checkout", ref.repository());
    assertEquals("1.4.2", ref.tag());
    assertNull(ref.digest());

    ImageReference plain = ImageReference.of("shop/checkout");
    assertNull(plain.registry(), "a first component without '.' or ':' is not a registry");
    assertEquals("shop/checkout", plain.repository());
    assertNull(plain.tag());
  }

  @Test
  void rejectsATagLongerThan128Characters() {
    assertTrue(ImageReference.isValid("a:" + "x".repeat(128)));
    assertFalse(ImageReference.isValid("a:" + "x".repeat(129)));
  }

  @Test
  void deploymentRefNamesTheFieldAndTheRule() {
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> DeploymentRef.of("prod", "Shop_NS", "checkout"));
    assertTrue(e.getMessage().contains("DeploymentRef.namespace 'Shop_NS'"), e.getMessage());
    assertTrue(e.getMessage().contains("DNS-1123 label"), e.getMessage());

    InvalidValueException blank =
        assertThrows(InvalidValueException.class, () -> DeploymentRef.of(" ", "shop", "checkout"));
    assertEquals("DeploymentRef.cluster must not be blank", blank.getMessage());

    assertEquals("prod/shop/checkout", DeploymentRef.of("prod", "shop", "checkout").toString());
  }

  @Test
  void versionRejectsDuplicateContainersAndEmptyImages() {
    ContainerImage app = ContainerImage.of("app", "checkout:1");
    assertThrows(InvalidValueException.class, () -> new Version("v1", List.of(app, app)));
    InvalidValueException empty =
        assertThrows(InvalidValueException.class, () -> new Version("v1", List.of()));
    assertEquals("Version.images must not be empty", empty.getMessage());
    assertThrows(InvalidValueException.class, () -> Version.of("-v1", "app", "checkout:1"));
  }

  @Test
  void manifestRefusesToRollBackToTheSameVersion() {
    Version v1 = Version.of("v1", "app", "checkout:1");
    InvalidValueException e =
        assertThrows(
            InvalidValueException.class,
            () ->
                new RollbackManifest(
                    RunId.of("r1"),
                    DeploymentRef.of("prod", "shop", "checkout"),
                    v1,
                    v1,
                    ScaleDown.removeAll(),
                    Instant.EPOCH));
    assertTrue(e.getMessage().contains("must differ"), e.getMessage());
  }

  @Test
  void scaleDownFloorMustFitTheMode() {
    assertThrows(InvalidValueException.class, () -> new ScaleDown(ScaleDown.Mode.REMOVE_ALL, 1));
    assertThrows(InvalidValueException.class, () -> ScaleDown.keepFloor(0));
    assertEquals(2, ScaleDown.keepFloor(2).floor());
  }

  @Test
  void readinessSnapshotRejectsNegativeCountsAndSettlesOnCompleteOrBlocked() {
    InvalidValueException e =
        assertThrows(InvalidValueException.class, () -> ReadinessSnapshot.of(-1, 3));
    assertEquals("ReadinessSnapshot.ready must be >= 0 but was -1", e.getMessage());
    assertFalse(ReadinessSnapshot.of(2, 3).settled());
    assertTrue(ReadinessSnapshot.of(3, 3).complete());
    assertFalse(ReadinessSnapshot.of(0, 0).complete(), "zero desired pods is never complete");
    assertTrue(new ReadinessSnapshot(0, 3, "image pull failed").settled());
  }

  @Test
  void podHealthReportExplainsWhichPodsFailed() {
    PodHealthReport report =
        PodHealthReport.of(
            List.of(
                PodHealth.healthy("checkout-a"),
                new PodHealth("checkout-b", false, 7, List.of("container app is in CrashLoopBackOff"))));
    assertFalse(report.allHealthy());
    assertEquals(
        "1/2 pods healthy; checkout-b: container app is in CrashLoopBackOff", report.summary());
    assertFalse(PodHealthReport.of(List.of()).allHealthy(), "no pods is not healthy");
  }

  @Test
  void smokeResultPassesOnlyWhenEveryCheckPasses() {
    SmokeResult result =
        SmokeResult.of(
            SmokeCheck.passed("GET /healthz", "200", Duration.ofMillis(5)),
            SmokeCheck.failed("GET /cart", "status 503, expected 200", Duration.ofMillis(9)));
    assertFalse(result.passed());
    assertEquals(
        "1/2 smoke checks passed; failed: GET /cart (status 503, expected 200)", result.summary());
    assertThrows(InvalidValueException.class, () -> new SmokeResult(List.of()));
  }

  @Test
  void metricSeriesRequiresIncreasingTimestamps() {
    Instant t = Instant.parse("2026-11-27T07:00:00Z");
    InvalidValueException e =
        assertThrows(
            InvalidValueException.class,
            () -> new MetricSeries("error_ratio", List.of(new Sample(t, 1), new Sample(t, 2))));
    assertTrue(e.getMessage().contains("strictly increasing"), e.getMessage());
  }
}
