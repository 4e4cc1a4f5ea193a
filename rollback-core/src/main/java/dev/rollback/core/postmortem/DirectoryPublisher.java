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
 * Writes each postmortem to a directory as two files, Markdown and JSON, named by {@link
 * Postmortem#fileName} so that they sort by the run's start time and name the deployment, e.g.
 * {@code 20261127T071800Z-prod-eu-1-shop-checkout-rb-20261127T071800Z-1-postmortem.md}, shortened
 * with a digest to at most 255 bytes whatever the deployment's names. Each file
 * is written to a temporary file and moved into place, so a reader never sees half a document; a
 * retry overwrites. Creates the directory when it is missing. Thread-safe.
 */
public final class DirectoryPublisher implements PostmortemPublisher {
  private final Path directory;

  private DirectoryPublisher(Path directory) {
    this.directory = directory;
  }

  /** Returns a publisher into {@code directory}. */
  public static DirectoryPublisher into(Path directory) {
    return new DirectoryPublisher(Objects.requireNonNull(directory, "directory").toAbsolutePath());
  }

  /** Returns the directory. */
  public Path directory() {
    return directory;
  }

  @Override
  public String name() {
    return "directory";
  }

  /**
   * Writes the Markdown and the JSON file.
   *
   * @return the Markdown file's URI
   * @throws IOException when a file cannot be written
   */
  @Override
  public Optional<URI> publish(Postmortem postmortem) throws IOException {
    Files.createDirectories(directory);
    write(postmortem.fileName("json"), postmortem.json());
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
    return "DirectoryPublisher[" + directory + "]";
  }
}
