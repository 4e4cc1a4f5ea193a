package dev.rollback.testkit.replay;

import dev.rollback.spi.helpers.RollbackException;
/**
 * Thrown when a CSV file does not follow the format of {@link CsvMetricsReplay}; the message names
 * the source, the line, the column and the rule broken ({@code source:line:column: rule}).
 */
public final class CsvFormatException extends RollbackException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;

  CsvFormatException(String source, int line, int column, String rule) {
    super(source + ":" + line + ":" + column + ": " + rule);
    this.source = source;
    this.line = line;
    this.column = column;
  }

  /** Returns the name of the file or text that is malformed. */
  public String source() {
    return source;
  }

  /** Returns the 1-based line number of the problem. */
  public int line() {
    return line;
  }

  /** Returns the 1-based column (character) where the field at fault starts; 1 for a rule of the whole line. */
  public int column() {
    return column;
  }
}
