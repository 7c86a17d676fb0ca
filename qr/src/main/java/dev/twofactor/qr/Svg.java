package dev.twofactor.qr;

/**
 * Writes a module matrix as SVG: one {@code <path>} for the dark modules, in which each run of dark
 * modules in a row is one rectangle, over one {@code <rect>} for the light background.
 *
 * <p>Coordinates are in modules ({@code viewBox}) and {@code shape-rendering="crispEdges"} asks for
 * no anti-aliasing, so every module edge falls on a pixel edge at any integer scale. Each rectangle
 * after the first starts with a relative move from the start of the one before (where {@code z}
 * leaves the current point), which keeps the numbers short.
 */
final class Svg {
  private Svg() {}

  static String render(
      ModuleMatrix matrix, int quietZone, int moduleSize, String dark, String light, String title) {
    int dimension = matrix.dimension();
    int size = dimension + 2 * quietZone;
    int pixels = size * moduleSize;
    StringBuilder svg = new StringBuilder(400 + dimension * dimension / 2 * 6);
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(pixels)
        .append("\" height=\"")
        .append(pixels)
        .append("\" viewBox=\"0 0 ")
        .append(size)
        .append(' ')
        .append(size)
        .append("\" shape-rendering=\"crispEdges\" role=\"img\"><title>");
    escape(svg, title);
    svg.append("</title><rect width=\"")
        .append(size)
        .append("\" height=\"")
        .append(size)
        .append("\" fill=\"");
    escape(svg, light);
    svg.append("\"/><path fill=\"");
    escape(svg, dark);
    svg.append("\" d=\"");
    boolean first = true;
    int lastX = 0;
    int lastY = 0;
    for (int y = 0; y < dimension; y++) {
      for (int x = matrix.nextDark(0, y); x < dimension; ) {
        int end = matrix.endOfRun(x, y);
        int left = quietZone + x;
        int top = quietZone + y;
        if (first) {
          svg.append('M').append(left).append(' ').append(top);
          first = false;
        } else {
          svg.append('m').append(left - lastX).append(' ').append(top - lastY);
        }
        int run = end - x;
        svg.append('h').append(run).append("v1h-").append(run).append('z');
        lastX = left;
        lastY = top;
        x = matrix.nextDark(end, y);
      }
    }
    return svg.append("\"/></svg>").toString();
  }

  /** Appends text with the five XML special characters escaped, for content and attributes. */
  static void escape(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
  }
}
