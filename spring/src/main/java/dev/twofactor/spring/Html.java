package dev.twofactor.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * A page of this module, written as Spring Security writes its default login page: plain HTML with
 * Spring Security's {@code default-ui.css}, no script, every value escaped. Not thread-safe; one
 * per response.
 */
final class Html {
  private final StringBuilder body = new StringBuilder(2048);
  private final HttpServletRequest request;
  private final String lang;
  private final String title;

  Html(HttpServletRequest request, String lang, String title) {
    this.request = request;
    this.lang = lang;
    this.title = title;
  }

  /** Escapes text for an element's content or a quoted attribute value. */
  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> null;
          };
      if (replacement != null) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(replacement);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /** A path of this application, with the context path, escaped for an attribute. */
  String url(String path) {
    return escape(request.getContextPath() + path);
  }

  Html heading(String text) {
    body.append("<h2>").append(escape(text)).append("</h2>\n");
    return this;
  }

  Html paragraph(String text) {
    body.append("<p>").append(escape(text)).append("</p>\n");
    return this;
  }

  Html error(String text) {
    body.append("<div class=\"alert alert-danger\" role=\"alert\">")
        .append(escape(text))
        .append("</div>\n");
    return this;
  }

  Html success(String text) {
    body.append("<div class=\"alert alert-success\" role=\"status\">")
        .append(escape(text))
        .append("</div>\n");
    return this;
  }

  /** Markup made by this module or by a trusted renderer (the QR code's SVG); never user text. */
  Html markup(String html) {
    body.append(html);
    return this;
  }

  Html link(String path, String text) {
    body.append("<p><a href=\"")
        .append(url(path))
        .append("\">")
        .append(escape(text))
        .append("</a></p>\n");
    return this;
  }

  /** Opens a POST form to a path of this module, with the CSRF token. */
  Html formStart(String path) {
    body.append("<form method=\"post\" action=\"").append(url(path)).append("\">\n");
    CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    if (token != null) {
      body.append("<input type=\"hidden\" name=\"")
          .append(escape(token.getParameterName()))
          .append("\" value=\"")
          .append(escape(token.getToken()))
          .append("\">\n");
    }
    return this;
  }

  /**
   * An input for a code from the app: labelled, numeric keyboard, offered for one-time-code
   * autofill.
   */
  Html codeInput(String id, String label, boolean autofocus) {
    body.append("<p><label for=\"")
        .append(id)
        .append("\">")
        .append(escape(label))
        .append("</label>\n<input type=\"text\" id=\"")
        .append(id)
        .append("\" name=\"")
        .append(id)
        .append(
            "\" autocomplete=\"one-time-code\" inputmode=\"numeric\" maxlength=\"32\""
                + " spellcheck=\"false\" required")
        .append(autofocus ? " autofocus" : "")
        .append("></p>\n");
    return this;
  }

  /** An input for a recovery code: letters and digits, never remembered by the browser. */
  Html recoveryCodeInput(String id, String label) {
    body.append("<p><label for=\"")
        .append(id)
        .append("\">")
        .append(escape(label))
        .append("</label>\n<input type=\"text\" id=\"")
        .append(id)
        .append("\" name=\"")
        .append(id)
        .append(
            "\" autocomplete=\"off\" autocapitalize=\"none\" maxlength=\"64\" spellcheck=\"false\""
                + " required></p>\n");
    return this;
  }

  /**
   * A labelled checkbox with a hint that assistive technologies read with it.
   *
   * @param id the field's name and id
   * @param checked whether it is ticked
   */
  Html checkbox(String id, String label, String hint, boolean checked) {
    body.append("<p><input type=\"checkbox\" id=\"")
        .append(id)
        .append("\" name=\"")
        .append(id)
        .append("\" value=\"on\" aria-describedby=\"")
        .append(id)
        .append("-hint\"")
        .append(checked ? " checked" : "")
        .append(">\n<label for=\"")
        .append(id)
        .append("\">")
        .append(escape(label))
        .append("</label><br>\n<small id=\"")
        .append(id)
        .append("-hint\">")
        .append(escape(hint))
        .append("</small></p>\n");
    return this;
  }

  Html subheading(String text) {
    body.append("<h3>").append(escape(text)).append("</h3>\n");
    return this;
  }

  /** A hidden field of a form, such as the id of what a button acts on. */
  Html hidden(String name, String value) {
    body.append("<input type=\"hidden\" name=\"")
        .append(escape(name))
        .append("\" value=\"")
        .append(escape(value))
        .append("\">\n");
    return this;
  }

  /**
   * A submit button whose visible text is short and whose accessible name says what it acts on, as
   * several such buttons stand in one list.
   */
  Html smallButton(String text, String onWhat) {
    body.append("<button type=\"submit\" class=\"small\">")
        .append(escape(text))
        .append("<span class=\"screenreader\"> ")
        .append(escape(onWhat))
        .append("</span></button>\n");
    return this;
  }

  Html button(String text, boolean primary) {
    body.append("<button type=\"submit\"")
        .append(primary ? " class=\"primary\"" : "")
        .append(">")
        .append(escape(text))
        .append("</button>\n");
    return this;
  }

  /**
   * A submit button that removes or ends something: not the page's main action, so not {@code
   * primary}, and marked {@code danger} for a stylesheet to show it in red.
   */
  Html dangerButton(String text) {
    body.append("<button type=\"submit\" class=\"danger\">")
        .append(escape(text))
        .append("</button>\n");
    return this;
  }

  Html formEnd() {
    body.append("</form>\n");
    return this;
  }

  /** Writes the page; {@code Cache-Control: no-store}, so that no cache keeps a secret. */
  void write(HttpServletResponse response, int status) throws IOException {
    String html =
        "<!DOCTYPE html>\n<html lang=\""
            + escape(lang)
            + "\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<meta name=\"referrer\" content=\"no-referrer\">\n"
            + "<title>"
            + escape(title)
            + "</title>\n<link href=\""
            + url("/default-ui.css")
            + "\" rel=\"stylesheet\">\n</head>\n<body>\n<div class=\"content\">\n"
            + body
            + "</div>\n</body>\n</html>\n";
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("text/html;charset=UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
