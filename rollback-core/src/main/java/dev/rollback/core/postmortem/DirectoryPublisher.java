package dev.rollback.core.postmortem;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes each postmortem to a directory as Markdown and JSON, named by {@link
 * Postmortem#fileName} so that they sort by the run's start time and name the deployment, e.g.
 * {@code 20261127T071800Z-prod-eu-1-shop-checkout-rb-20261127T071800Z-1-postmortem.md}, shortened
 * with a digest to at most 255 bytes whatever the deployment's names, and beside them the HTML page ({@link Postmortem#html()},
 * {@code ...-postmortem.html}), the chart of each metric ({@link Postmortem#charts()}, {@code
 * ...-postmortem-<metric>.svg}, which the Markdown links) and the drawn workflow ({@link
 * Postmortem#workflowFileName()}); {@link #markdownAndJsonOnly()} leaves those three out. The
 * Markdown is written last, so once it is there every file
 * of the document is. Each file is written to a temporary file and moved into place, so a reader
 * never sees half a document; a retry overwrites. Creates the directory when it is missing.
 * Immutable and thread-safe.
 */
public final class DirectoryPublisher implements PostmortemPublisher {
  private final Path directory;
  private final boolean page;

  private DirectoryPublisher(Path directory, boolean page) {
    this.directory = directory;
    this.page = page;
  }

  /**
   * Returns a publisher into {@code directory} of the whole document: the Markdown, the JSON, the
   * HTML page, the metric charts and the workflow drawing.
   */
  public static DirectoryPublisher into(Path directory) {
    return new DirectoryPublisher(Objects.requireNonNull(directory, "directory").toAbsolutePath(), true);
  }

  /**
   * Returns a publisher into the same directory of the Markdown and the JSON only, for a reader of
   * the directory that expects just those two files. The Markdown still links the charts by file
   * name, so images in it are missing when it is read there.
   */
  public DirectoryPublisher markdownAndJsonOnly() {
    return new DirectoryPublisher(directory, false);
  }

  /** Returns the directory. */
  public Path directory() {
    return directory;
  }

  /** Returns whether this publisher writes the HTML page and the SVG drawings too. */
  public boolean writesPage() {
    return page;
  }

  @Override
  public String name() {
    return "directory";
  }

  /**
   * Writes the JSON file, with the page the HTML and SVG files, and the Markdown file last.
   *
   * @return the Markdown file's URI
   * @throws IOException when a file cannot be written
   */
  @Override
  public Optional<URI> publish(Postmortem postmortem) throws IOException {
    Files.createDirectories(directory);
    write(postmortem.fileName("json"), postmortem.json());
    if (page) {
      for (Postmortem.Chart chart : postmortem.charts()) {
        write(chart.fileName(), chart.svg());
      }
      write(postmortem.workflowFileName(), postmortem.workflowSvg());
      write(postmortem.fileName("html"), postmortem.html());
    }
    Path markdown = write(postmortem.fileName("md"), postmortem.markdown());
    return Optional.of(markdown.toUri());
  }

  /** Returns the Markdown file's URI; it exists once {@link #publish} succeeded. */
  @Override
  public Optional<URI> locate(Postmortem postmortem) {
    return Optional.of(directory.resolve(postmortem.fileName("md")).toUri());
  }

  private Path write(String name, String content) throws IOException {
    Path target = directory.resolve(name);
    // A short prefix: the name itself may already be as long as the file system allows.
    Path temp = Files.createTempFile(directory, ".postmortem-", ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return target;
  }

  @Override
  public String toString() {
    return "DirectoryPublisher[" + directory + (page ? ", with page" : "") + "]";
  }
}
