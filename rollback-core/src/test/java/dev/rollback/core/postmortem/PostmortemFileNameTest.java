package dev.rollback.core.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The file name of a postmortem: its start time and deployment, with unsafe characters replaced. */
class PostmortemFileNameTest {
  /** The definition: the parts joined by dashes, then every run of unsafe characters made one dash. */
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");

  @Test
  void namesTheTimeAndTheDeployment() {
    Postmortem pm = Postmortems.minimal("prod-eu-1", "shop", "checkout", "rb-20261127T071800Z-1",
        Instant.parse("2026-11-27T07:18:00.250Z"), "draft");
    assertEquals("20261127T071800Z-prod-eu-1-shop-checkout-rb-20261127T071800Z-1-postmortem.md", pm.fileName("md"));
  }

  @Test
  void replacesEachRunOfUnsafeCharactersByOneDash() {
    Postmortem pm = Postmortems.minimal("eu west/1", "a//b", "é😀x", "run #7?", Instant.parse("2026-01-02T03:04:05Z"),
        "draft");
    assertEquals("20260102T030405Z-eu-west-1-a-b--x-run-7--postmortem.json", pm.fileName("json"));
  }

  @Property(tries = 500)
  void isTheDefinition(@ForAll String cluster, @ForAll String namespace, @ForAll String name, @ForAll String runId,
      @ForAll @LongRange(min = -400_000_000_000L, max = 400_000_000_000L) long seconds) {
    Postmortem pm = Postmortems.minimal(cluster, namespace, name, runId, Instant.ofEpochSecond(seconds), "draft");
    String base = TIME.format(pm.startedAt()) + "-" + pm.deployment().cluster() + "-" + pm.deployment().namespace()
        + "-" + pm.deployment().name() + "-" + pm.runId() + "-postmortem";
    String defined = UNSAFE.matcher(base).replaceAll("-") + ".md";
    String file = pm.fileName("md");
    if (defined.length() <= Postmortem.MAX_FILE_NAME) {
      assertEquals(defined, file);
    } else {
      // Issue 12: shortened to the limit, keeping the start, with a digest of the whole before the suffix.
      assertEquals(Postmortem.MAX_FILE_NAME, file.length());
      String kept = file.substring(0, file.length() - "-0123456789abcdef-postmortem.md".length());
      assertTrue(defined.startsWith(kept), file);
      assertTrue(file.matches(".*-[0-9a-f]{16}-postmortem\\.md"), file);
      assertEquals(file.substring(0, file.length() - 2) + "json", pm.fileName("json"));
    }
  }
}
