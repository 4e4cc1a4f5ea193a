package dev.rollback.testkit.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollback.core.Node;
import dev.rollback.core.PublicationRecord;
import dev.rollback.core.RunResult;
import dev.rollback.core.postmortem.DirectoryPublisher;
import dev.rollback.core.postmortem.Postmortem;
import dev.rollback.core.postmortem.PostmortemPublisher;
import dev.rollback.core.postmortem.PublishingPolicy;
import dev.rollback.spi.Attachment;
import dev.rollback.spi.Audience;
import dev.rollback.spi.Notification;
import dev.rollback.spi.NotificationKind;
import dev.rollback.spi.RunOutcome;
import dev.rollback.testkit.TestRig;
import dev.rollback.testkit.VirtualTime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3: the engine attaches the draft at Notify on-call and publishes the postmortem at End. */
class PostmortemPublishingTest {

  /** Fails its first {@code failures} attempts, then publishes; records every attempt's time. */
  static final class FlakyPublisher implements PostmortemPublisher {
    private final int failures;
    final List<Instant> attempts = new ArrayList<>();
    final List<Postmortem> published = new ArrayList<>();
    private final VirtualTime time;

    FlakyPublisher(VirtualTime time, int failures) {
      this.time = time;
      this.failures = failures;
    }

    @Override
    public String name() {
      return "wiki";
    }

    @Override
    public Optional<URI> publish(Postmortem postmortem) {
      attempts.add(time.now());
      if (attempts.size() <= failures) {
        throw new IllegalStateException("wiki answered 503 for token=abc123secret");
      }
      published.add(postmortem);
      return Optional.of(URI.create("https://wiki.example.com/postmortems/" + postmortem.runId()));
    }
  }

  @Test
  void theOnCallNotificationCarriesTheDraftAndALinkToWhereTheFileWillBe(@TempDir Path dir) {
    TestRig rig = TestRig.create().customize(b -> b.postmortemPublisher(DirectoryPublisher.into(dir)));
    RunResult result = rig.run(Runs.MANUAL);

    Notification finished = rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL).get(0);
    assertEquals(1, finished.attachments().size());
    Attachment draft = finished.attachments().get(0);
    assertEquals("text/markdown", draft.mediaType());
    assertEquals("20260101T000000Z-prod-eu-1-shop-checkout-rb-20260101T000000Z-1-postmortem.md", draft.name());
    assertTrue(draft.content().startsWith("# Postmortem: Rolled back prod-eu-1/shop/checkout from v2 to v1\n"));
    assertTrue(draft.content().contains("(written before the run ended)"));
    List<List<String>> timeline = Documents.markdown(draft.content())
        .table("#", "Start (UTC)", "Node", "Lane", "Step", "Duration", "Result", "Detail");
    assertEquals(result.journal().size() - 2, timeline.size(), "the journal so far: up to Cleanup old resources");
    assertEquals(Node.CLEANUP.seedId(), timeline.get(timeline.size() - 1).get(2));

    assertEquals(1, finished.links().size());
    URI link = finished.links().get(0).uri();
    assertEquals(dir.resolve(draft.name()).toUri(), link);
    assertTrue(Files.exists(Path.of(link)), "the link leads to the published file");
  }

  @Test
  void theDirectoryPublisherWritesTheDocumentNamedByTimeAndDeployment(@TempDir Path dir) throws Exception {
    TestRig rig = TestRig.create().customize(b -> b.postmortemPublisher(DirectoryPublisher.into(dir.resolve("pm"))));
    RunResult first = rig.run(Runs.MANUAL);
    rig.time().advance(Duration.ofHours(1));
    RunResult second = rig.run(Runs.MANUAL);

    List<String> names;
    try (Stream<Path> files = Files.list(dir.resolve("pm"))) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertEquals(List.of(
        "20260101T000000Z-prod-eu-1-shop-checkout-rb-20260101T000000Z-1-postmortem.html",
        "20260101T000000Z-prod-eu-1-shop-checkout-rb-20260101T000000Z-1-postmortem.json",
        "20260101T000000Z-prod-eu-1-shop-checkout-rb-20260101T000000Z-1-postmortem.md",
        "20260101T000000Z-prod-eu-1-shop-checkout-rb-20260101T000000Z-1-postmortem.workflow.svg",
        "20260101T010020Z-prod-eu-1-shop-checkout-rb-20260101T010020Z-2-postmortem.html",
        "20260101T010020Z-prod-eu-1-shop-checkout-rb-20260101T010020Z-2-postmortem.json",
        "20260101T010020Z-prod-eu-1-shop-checkout-rb-20260101T010020Z-2-postmortem.md",
        "20260101T010020Z-prod-eu-1-shop-checkout-rb-20260101T010020Z-2-postmortem.workflow.svg"), names,
        "a manual run's page comes without charts: it has no metrics");
    assertEquals(Postmortem.of(first).markdown(), Files.readString(dir.resolve("pm").resolve(names.get(2))));
    assertEquals(Postmortem.of(second).json(), Files.readString(dir.resolve("pm").resolve(names.get(5))));
    assertEquals(Postmortem.of(first).html(), Files.readString(dir.resolve("pm").resolve(names.get(0))));
    PublicationRecord record = first.publications().get(0);
    assertEquals(new PublicationRecord("directory", 1, first.endedAt(), true,
        dir.resolve("pm").resolve(names.get(2)).toUri(), null), record);
  }

  @Test
  void aFailingPublisherIsRetriedWithBackoffAndEveryAttemptIsRecorded() {
    TestRig rig = TestRig.create();
    FlakyPublisher wiki = new FlakyPublisher(rig.time(), 2);
    rig.customize(b -> b.postmortemPublisher(wiki)
        .postmortemPublishing(new PublishingPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(2))));
    RunResult result = rig.run(Runs.MANUAL);

    assertEquals(RunOutcome.ROLLED_BACK, result.outcome());
    Instant end = result.endedAt();
    assertEquals(List.of(end, end.plusSeconds(2), end.plusSeconds(6)), wiki.attempts, "backoff 2 s, then 4 s");
    assertEquals(List.of(false, false, true), result.publications().stream().map(PublicationRecord::published).toList());
    assertEquals(List.of(1, 2, 3), result.publications().stream().map(PublicationRecord::attempt).toList());
    String error = result.publications().get(0).error();
    assertTrue(error.contains("wiki answered 503"), error);
    assertFalse(error.contains("abc123secret"), "the error is redacted: " + error);
    assertEquals(URI.create("https://wiki.example.com/postmortems/rb-20260101T000000Z-1"),
        result.publications().get(2).location());
    assertEquals(Postmortem.of(result.withPublications(List.of())), wiki.published.get(0));
    assertEquals(Duration.ofSeconds(20), result.duration(), "publishing does not count in the run's duration");
  }

  @Test
  void whenEveryAttemptFailsTheOutcomeStandsAndTheWholeMarkdownGoesToTheErrorLog() {
    TestRig rig = TestRig.create();
    rig.script().then(dev.rollback.testkit.Op.SMOKE, dev.rollback.testkit.Behavior.answerNo());
    FlakyPublisher wiki = new FlakyPublisher(rig.time(), Integer.MAX_VALUE);
    PostmortemPublisher hanging = new PostmortemPublisher() {
      @Override
      public String name() {
        return "hangs";
      }

      @Override
      public Optional<URI> publish(Postmortem postmortem) throws InterruptedException {
        rig.time().parkUntilCancelled();
        return Optional.empty();
      }
    };
    rig.customize(b -> b.postmortemPublisher(wiki).postmortemPublisher(hanging)
        .postmortemPublishing(new PublishingPolicy(2, Duration.ofSeconds(5), Duration.ofSeconds(1))));

    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    RunResult result;
    try {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      result = rig.run(Runs.MANUAL);
    } finally {
      System.setErr(err);
    }

    assertEquals(RunOutcome.NEEDS_ATTENTION, result.outcome(), "publishing never changes the outcome");
    assertEquals(List.of("wiki", "wiki", "hangs", "hangs", "log"),
        result.publications().stream().map(PublicationRecord::publisher).toList());
    assertTrue(result.publications().stream().noneMatch(PublicationRecord::published));
    assertTrue(result.publications().get(2).error().contains("did not answer within 5s"),
        result.publications().get(2).error());
    assertNull(result.publications().get(4).location());
    String logged = log.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("ERROR dev.rollback.postmortem"), logged);
    assertTrue(logged.contains(Postmortem.of(result).markdown().strip()), "the whole Markdown is logged");
  }

  @Test
  void withoutPublishersTheResultHasNoPublicationsAndTheDraftIsStillAttached() {
    TestRig rig = TestRig.create();
    RunResult result = rig.run(Runs.MANUAL);
    assertEquals(List.of(), result.publications());
    Notification finished = rig.notifier().delivered(NotificationKind.RUN_FINISHED, Audience.ON_CALL).get(0);
    assertEquals(1, finished.attachments().size());
    assertEquals(List.of(), finished.links());
    assertTrue(rig.notifier().delivered(NotificationKind.ROLLBACK_ALERT, Audience.ON_CALL).get(0).attachments()
        .isEmpty(), "only the on-call notification at the end carries the postmortem");
  }
}
