package dev.twofactor.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;

/** {@link QrCode#toSvg()}: XML structure, one path, rasterised and decoded, title, colours. */
final class QrCodeSvgTest {
  @Test
  void toSvg_isOneSvgElementWithTitleBackgroundAndOnePath() {
    QrCode qr = QrCode.of(Uris.TYPICAL);

    SvgImage svg = SvgImage.parse(qr.toSvg());

    Element root = svg.root;
    assertEquals(SvgImage.SVG_NAMESPACE, root.getNamespaceURI());
    assertEquals("svg", root.getLocalName());
    assertEquals("0 0 49 49", root.getAttribute("viewBox"));
    assertEquals("294", root.getAttribute("width"));
    assertEquals("294", root.getAttribute("height"));
    assertEquals("crispEdges", root.getAttribute("shape-rendering"));
    assertEquals("img", root.getAttribute("role"));
    assertEquals(4, svg.elementCount(), "svg, title, rect, path");
    assertEquals("title", ((Element) root.getFirstChild()).getLocalName(), "title comes first");
    assertEquals("QR code for two-factor enrollment", svg.only("title").getTextContent());
    Element rect = svg.only("rect");
    assertEquals("49", rect.getAttribute("width"));
    assertEquals("#fff", rect.getAttribute("fill"));
    Element path = svg.only("path");
    assertEquals("#000", path.getAttribute("fill"));
    assertTrue(path.getAttribute("d").matches("M4 4h7v1h-7z[-0-9hmvz ]+"), path.getAttribute("d"));
  }

  @Test
  void toSvg_pathHasOneRectanglePerRunOfDarkModules() {
    QrCode qr = QrCode.of(Uris.TYPICAL);
    int runs = 0;
    for (int y = 0; y < qr.size(); y++) {
      for (int x = 0; x < qr.size(); x++) {
        if (qr.isDark(x, y) && (x == 0 || !qr.isDark(x - 1, y))) {
          runs++;
        }
      }
    }

    String d = SvgImage.parse(qr.toSvg()).only("path").getAttribute("d");

    assertEquals(runs, d.chars().filter(c -> c == 'z').count());
    assertEquals(runs * 4, SvgImage.edges(d).size());
  }

  static Stream<Arguments> uris300() {
    return Seeded.cases(300, random -> Arguments.of(Uris.otpauth(random)));
  }

  @Seeded.Property
  @MethodSource("uris300")
  void toSvg_rasterised_decodesBackToTheUri(String uri) {
    QrCode qr = QrCode.of(uri);
    SvgImage svg = SvgImage.parse(qr.toSvg());
    int size = qr.size();
    assertEquals("0 0 " + size + " " + size, svg.root.getAttribute("viewBox"));

    boolean[][] pixels = SvgImage.rasterise(svg.only("path").getAttribute("d"), size, 2);

    boolean[][] modules = new boolean[size][size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        modules[y][x] = pixels[2 * y][2 * x];
        assertTrue(
            pixels[2 * y][2 * x] == pixels[2 * y + 1][2 * x + 1],
            "a module is filled whole: (" + x + ", " + y + ")");
      }
    }
    Scan.assertSameModules(Scan.modulesOf(qr), modules);
    assertEquals(uri, Scan.modules(modules, 3).getText());
  }

  static Stream<Arguments> uris100() {
    return Seeded.cases(100, random -> Arguments.of(Uris.otpauth(random)));
  }

  @Seeded.Property
  @MethodSource("uris100")
  void toSvg_neverContainsTheText(String uri) {
    String svg = QrCode.of(uri).toSvg();
    String secret = uri.replaceFirst(".*[?&]secret=([A-Z2-7]+).*", "$1");

    assertFalse(svg.contains(secret), "the secret");
    assertFalse(svg.contains("otpauth"), "the URI");
    assertFalse(svg.contains("secret"), "a parameter name");
  }

  @Test
  void toSvg_title_isGenericForOtherText_andSetByWithTitle_escaped() {
    assertEquals(
        "QR code",
        SvgImage.parse(QrCode.of("https://example.com").toSvg()).only("title").getTextContent());
    assertEquals(
        "QR code for two-factor enrollment",
        SvgImage.parse(QrCode.of("OTPAUTH://TOTP/x?secret=JBSWY3DPEHPK3PXP").toSvg())
            .only("title")
            .getTextContent());

    String title = "Scannez <ce> code & \"l'ajoutez\" ✓";
    String svg = QrCode.of(Uris.TYPICAL).withTitle(title).toSvg();

    assertEquals(title, SvgImage.parse(svg).only("title").getTextContent());
    assertTrue(svg.contains("&lt;ce&gt; code &amp; &quot;l&apos;ajoutez&quot;"), svg);
  }

  @Test
  void toSvg_colors() {
    String svg = QrCode.of(Uris.TYPICAL).withColors("#1A2B3C", "transparent").toSvg();

    SvgImage image = SvgImage.parse(svg);
    assertEquals("#1A2B3C", image.only("path").getAttribute("fill"));
    assertEquals("transparent", image.only("rect").getAttribute("fill"));
  }

  @Test
  void toSvg_moduleSizeSetsWidthAndHeight_notTheViewBox() {
    SvgImage svg = SvgImage.parse(QrCode.of(Uris.TYPICAL).withModuleSize(1).toSvg());

    assertEquals("49", svg.root.getAttribute("width"));
    assertEquals("0 0 49 49", svg.root.getAttribute("viewBox"));
  }
}
