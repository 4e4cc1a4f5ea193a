package dev.rollback.spi.helpers;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Removes known secret values from text that may leave an adapter: response excerpts, I/O error
 * messages, smoke-check details, exception messages. An adapter builds one from every {@link
 * Secret} it holds and passes everything it reports through {@link #redact} or {@link
 * Causes#describe(Throwable, Redactor)}. Immutable and thread-safe.
 */
public final class Redactor {
  /** Pieces shorter than this are not redacted on their own: they would mangle ordinary text. */
  private static final int MIN_PIECE = 6;

  /** URI path segments shorter than this (e.g. {@code services}, {@code v2}) are not secret. */
  private static final int MIN_SEGMENT = 10;

  private static final String MASK = "****";
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern SLASH = Pattern.compile("/");
  private static final Pattern AMPERSAND = Pattern.compile("&");

  private final List<String> pieces;

  private Redactor(List<String> pieces) {
    this.pieces = pieces;
  }

  /**
   * Returns a redactor for {@code secrets}. Besides each whole value it redacts the pieces servers
   * tend to echo on their own: the words after the first of a value such as {@code Bearer <token>}, and of a URI
   * its path, its query, long path segments and query parameter values.
   */
  public static Redactor of(Collection<Secret> secrets) {
    List<String> pieces = new ArrayList<>();
    for (Secret secret : secrets) {
      String value = secret.reveal();
      pieces.add(value);
      String[] words = WHITESPACE.split(value.trim(), -1);
      for (int i = 1; i < words.length; i++) { // words[0] is a scheme such as "Bearer"
        addPiece(pieces, words[i], MIN_PIECE);
      }
      try {
        URI uri = URI.create(value);
        if (uri.getScheme() != null) {
          addPiece(pieces, uri.getRawPath(), MIN_PIECE);
          addPiece(pieces, uri.getPath(), MIN_PIECE);
          addPiece(pieces, uri.getRawQuery(), MIN_PIECE);
          String path = uri.getRawPath();
          for (String segment : path == null ? new String[0] : SLASH.split(path, -1)) {
            addPiece(pieces, segment, MIN_SEGMENT);
          }
          String query = uri.getRawQuery();
          for (String param : query == null ? new String[0] : AMPERSAND.split(query, -1)) {
            addPiece(pieces, param.substring(param.indexOf('=') + 1), MIN_PIECE);
          }
        }
      } catch (IllegalArgumentException notAUri) {
        // Not a URI: the value and its words are the pieces.
      }
    }
    // Longest first, so a piece inside a longer one cannot leave half of the longer one behind.
    pieces.sort(Comparator.comparingInt(String::length).reversed());
    return new Redactor(List.copyOf(pieces));
  }

  private static void addPiece(List<String> pieces, @Nullable String piece, int minLength) {
    if (piece != null && piece.length() >= minLength && !piece.equals("/")) {
      pieces.add(piece);
    }
  }

  /** Returns {@code text} with every secret piece replaced by {@code ****}. */
  public String redact(String text) {
    String out = text;
    for (String piece : pieces) {
      out = out.replace(piece, MASK);
    }
    return out;
  }

  /** Returns whether {@code text} contains a secret piece. */
  public boolean leaks(@Nullable String text) {
    if (text == null) {
      return false;
    }
    for (String piece : pieces) {
      if (text.contains(piece)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns {@code failure} when neither it nor any of its causes or suppressed exceptions says a
   * secret, so it can be attached as a cause; otherwise null.
   */
  public @Nullable Throwable safeCause(Throwable failure) {
    return isClean(failure, 0) ? failure : null;
  }

  private boolean isClean(@Nullable Throwable t, int depth) {
    if (t == null) {
      return true;
    }
    if (depth > 16 || leaks(t.toString())) {
      return false; // a chain this deep is not inspected further: treat it as unsafe
    }
    for (Throwable s : t.getSuppressed()) {
      if (!isClean(s, depth + 1)) {
        return false;
      }
    }
    return isClean(t.getCause() == t ? null : t.getCause(), depth + 1);
  }

  /** Returns the redactor that knows no secret and changes nothing. */
  public static Redactor none() {
    return NONE;
  }

  private static final Redactor NONE = new Redactor(List.of());
}
