package dev.rollback.core.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A Doc reads as the plain concatenation of everything appended to it, in order. */
class DocTest {

  @Test
  void joinsTheBuilderAndTheKeptStringsInOrder() {
    Doc doc = new Doc(4);
    doc.out().append("a");
    doc.keep("→");
    doc.keep("b");
    doc.append("c".repeat(Doc.PIECE_MIN));
    doc.out().append("d é");
    doc.keep("");
    assertEquals(("a→b" + "c".repeat(Doc.PIECE_MIN) + "d é"), doc.toString());
    assertEquals(doc.toString().length(), doc.length());
  }

  @Test
  void withoutKeptStringsIsTheBuilder() {
    Doc doc = new Doc(0);
    doc.append("short");
    assertEquals("short", doc.toString());
  }

  @Test
  void stripsTrailingWhitespaceAcrossKeptStrings() {
    Doc doc = new Doc(16);
    doc.out().append("x ");
    doc.keep("y \n");
    doc.keep(" \t");
    doc.out().append("\n ");
    doc.stripTrailingWhitespace();
    assertEquals("x y", doc.toString());
    assertEquals(3, doc.length());

    Doc blank = new Doc(16);
    blank.out().append(" ");
    blank.keep("  ");
    blank.stripTrailingWhitespace();
    assertEquals("", blank.toString());
  }

  @Test
  void isTheConcatenationForRandomAppends() {
    Random random = new Random(7);
    String[] texts = {"", " ", "\n", "ab", "→", "é", "x".repeat(Doc.PIECE_MIN - 1), "y".repeat(Doc.PIECE_MIN), "z \t"};
    for (int round = 0; round < 500; round++) {
      Doc doc = new Doc(random.nextInt(8));
      StringBuilder expected = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        String text = texts[random.nextInt(texts.length)];
        switch (random.nextInt(3)) {
          case 0 -> doc.out().append(text);
          case 1 -> doc.keep(text);
          default -> doc.append(text);
        }
        expected.append(text);
        assertEquals(expected.length(), doc.length());
      }
      if (random.nextBoolean()) {
        doc.stripTrailingWhitespace();
        assertEquals(expected.toString().stripTrailing(), doc.toString());
      } else {
        assertEquals(expected.toString(), doc.toString());
      }
    }
  }
}
