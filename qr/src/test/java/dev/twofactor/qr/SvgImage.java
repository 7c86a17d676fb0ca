package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * Parses an SVG document with the JDK's DOM parser and rasterises its path with a scanline fill of
 * its own (non-zero winding rule, any straight segment), independent of how the path was written.
 */
final class SvgImage {
  static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";

  final Document document;
  final Element root;

  private SvgImage(Document document) {
    this.document = document;
    this.root = document.getDocumentElement();
  }

  static SvgImage parse(String svg) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      DocumentBuilder builder = factory.newDocumentBuilder();
      return new SvgImage(
          builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8))));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
    }
  }

  /** The only element with that local name in the SVG namespace. */
  Element only(String localName) {
    var nodes = document.getElementsByTagNameNS(SVG_NAMESPACE, localName);
    assertEquals(1, nodes.getLength(), "number of <" + localName + "> elements");
    return (Element) nodes.item(0);
  }

  int elementCount() {
    return document.getElementsByTagName("*").getLength();
  }

  /**
   * Samples the path at {@code scale} pixels per user unit over a {@code size} × {@code size}
   * viewBox: a pixel is inside if the winding number at its centre is not zero.
   */
  static boolean[][] rasterise(String pathData, int size, int scale) {
    List<double[]> edges = edges(pathData);
    int pixels = size * scale;
    boolean[][] inside = new boolean[pixels][pixels];
    List<double[]> crossings = new ArrayList<>();
    for (int py = 0; py < pixels; py++) {
      double y = (py + 0.5) / scale;
      crossings.clear();
      for (double[] e : edges) {
        double y0 = e[1];
        double y1 = e[3];
        if (y0 == y1 || y < Math.min(y0, y1) || y >= Math.max(y0, y1)) {
          continue;
        }
        double x = e[0] + (y - y0) * (e[2] - e[0]) / (y1 - y0);
        crossings.add(new double[] {x, y1 > y0 ? 1 : -1});
      }
      crossings.sort((a, b) -> Double.compare(a[0], b[0]));
      for (int px = 0; px < pixels; px++) {
        double x = (px + 0.5) / scale;
        int winding = 0;
        for (double[] c : crossings) {
          if (c[0] < x) {
            winding += (int) c[1];
          }
        }
        inside[py][px] = winding != 0;
      }
    }
    return inside;
  }

  /** The straight edges {x0, y0, x1, y1} of a path of M, m, H, h, V, v, L, l, Z and z commands. */
  static List<double[]> edges(String d) {
    List<double[]> edges = new ArrayList<>();
    PathTokens tokens = new PathTokens(d);
    double x = 0;
    double y = 0;
    double startX = 0;
    double startY = 0;
    char command = 0;
    while (tokens.hasMore()) {
      if (tokens.atCommand()) {
        command = tokens.command();
      } else if (command == 'M' || command == 'm') {
        command = command == 'M' ? 'L' : 'l'; // implicit lineto after the first pair
      }
      switch (command) {
        case 'M', 'm' -> {
          double nx = tokens.number();
          double ny = tokens.number();
          x = command == 'm' ? x + nx : nx;
          y = command == 'm' ? y + ny : ny;
          startX = x;
          startY = y;
        }
        case 'L', 'l' -> {
          double nx = tokens.number();
          double ny = tokens.number();
          double tx = command == 'l' ? x + nx : nx;
          double ty = command == 'l' ? y + ny : ny;
          edges.add(new double[] {x, y, tx, ty});
          x = tx;
          y = ty;
        }
        case 'H', 'h' -> {
          double n = tokens.number();
          double tx = command == 'h' ? x + n : n;
          edges.add(new double[] {x, y, tx, y});
          x = tx;
        }
        case 'V', 'v' -> {
          double n = tokens.number();
          double ty = command == 'v' ? y + n : n;
          edges.add(new double[] {x, y, x, ty});
          y = ty;
        }
        case 'Z', 'z' -> {
          edges.add(new double[] {x, y, startX, startY});
          x = startX;
          y = startY;
        }
        default -> throw new AssertionError("unsupported path command '" + command + "'");
      }
    }
    return edges;
  }

  /** SVG path data tokens: command letters and numbers separated by spaces or commas. */
  private static final class PathTokens {
    private final String d;
    private int i;

    PathTokens(String d) {
      this.d = d;
    }

    boolean hasMore() {
      skipSeparators();
      return i < d.length();
    }

    boolean atCommand() {
      skipSeparators();
      char c = d.charAt(i);
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    char command() {
      return d.charAt(i++);
    }

    double number() {
      skipSeparators();
      int start = i;
      if (i < d.length() && (d.charAt(i) == '-' || d.charAt(i) == '+')) {
        i++;
      }
      while (i < d.length() && ((d.charAt(i) >= '0' && d.charAt(i) <= '9') || d.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw new AssertionError("number expected at " + start + " in path data");
      }
      return Double.parseDouble(d.substring(start, i));
    }

    private void skipSeparators() {
      while (i < d.length() && (d.charAt(i) == ' ' || d.charAt(i) == ',')) {
        i++;
      }
    }
  }
}
