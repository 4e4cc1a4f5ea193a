package dev.rollback.testkit.replay;

/**
 * Thrown when a CSV file does not follow the format of {@link CsvMetricsReplay}; the message names
 * the source, the line and the rule broken.
 */
public final class CsvFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  CsvFormatException(String source, int line, String rule) {
    super(source + ":" + line + ": " + rule);
    this.source = source;
    this.line = line;
  }

  /** Returns the name of the file or text that is malformed. */
  public String source() {
    return source;
  }

  /** Returns the 1-based line number of the problem. */
  public int line() {
    return line;
  }
}
