package dev.rollback.testkit.postmortem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.util.ArrayList;
import java.util.List;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/** Parses the documents with real parsers: CommonMark with GFM tables, and Jackson. */
final class Documents {
  private static final Parser MARKDOWN = Parser.builder().extensions(List.of(TablesExtension.create())).build();
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Documents() {}

  /** A parsed Markdown document: its headings, tables and fenced code blocks, as plain text. */
  record Markdown(List<String> headings, List<List<List<String>>> tables, List<FencedCodeBlock> code) {
    /** Returns the table whose header row starts with {@code firstHeader}, rows without the header. */
    List<List<String>> table(String... header) {
      for (List<List<String>> t : tables) {
        if (t.get(0).equals(List.of(header))) {
          return t.subList(1, t.size());
        }
      }
      throw new AssertionError("no table with header " + List.of(header) + " in " + tables);
    }
  }

  static Markdown markdown(String text) {
    Node doc = MARKDOWN.parse(text);
    List<String> headings = new ArrayList<>();
    List<List<List<String>>> tables = new ArrayList<>();
    List<FencedCodeBlock> code = new ArrayList<>();
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(Heading heading) {
        headings.add("#".repeat(heading.getLevel()) + " " + plain(heading));
      }

      @Override
      public void visit(FencedCodeBlock block) {
        code.add(block);
      }

      @Override
      public void visit(CustomBlock block) {
        if (block instanceof TableBlock) {
          List<List<String>> rows = new ArrayList<>();
          collectRows(block, rows);
          tables.add(rows);
        } else {
          visitChildren(block);
        }
      }
    });
    return new Markdown(headings, tables, code);
  }

  private static void collectRows(Node node, List<List<String>> rows) {
    for (Node child = node.getFirstChild(); child != null; child = child.getNext()) {
      if (child instanceof TableRow) {
        List<String> cells = new ArrayList<>();
        for (Node cell = child.getFirstChild(); cell != null; cell = cell.getNext()) {
          if (cell instanceof TableCell) {
            cells.add(plain(cell));
          }
        }
        rows.add(cells);
      } else {
        collectRows(child, rows);
      }
    }
  }

  /** The text a reader sees: literal text and code spans, markup removed. */
  static String plain(Node node) {
    StringBuilder out = new StringBuilder();
    node.accept(new AbstractVisitor() {
      @Override
      public void visit(Text text) {
        out.append(text.getLiteral());
      }

      @Override
      public void visit(Code code) {
        out.append(code.getLiteral());
      }
    });
    return out.toString().strip();
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new AssertionError("the JSON does not parse: " + e.getMessage() + "\n" + text, e);
    }
  }
}
