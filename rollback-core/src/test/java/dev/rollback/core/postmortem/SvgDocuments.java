package dev.rollback.core.postmortem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads the drawings and the page with the JDK's XML parser, for structural assertions. */
final class SvgDocuments {
  private SvgDocuments() {}

  /** Parses {@code xml}; fails the test when it is not well-formed. */
  static Document parse(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + xml, e);
    }
  }

  /** Returns the elements named {@code name} (local name, any namespace) whose class list holds every one of {@code classes}. */
  static List<Element> elements(Document doc, String name, String... classes) {
    NodeList all = doc.getElementsByTagNameNS("*", name);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      List<String> has = List.of(e.getAttribute("class").split(" "));
      if (has.containsAll(List.of(classes))) {
        out.add(e);
      }
    }
    return out;
  }

  /** Returns the one element named {@code name} with {@code classes}; fails when there is not exactly one. */
  static Element one(Document doc, String name, String... classes) {
    List<Element> found = elements(doc, name, classes);
    assertEquals(1, found.size(), name + " " + String.join(" ", classes));
    return found.get(0);
  }

  static double number(Element e, String attribute) {
    return Double.parseDouble(e.getAttribute(attribute));
  }
}
