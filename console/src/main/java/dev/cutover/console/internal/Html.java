package dev.cutover.console.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A page being written: {@link #text} escapes, {@link #raw} is for markup written here, never for data. Attribute values
 * go through {@link #attr}. Not thread-safe: one per response.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(8192);

    /** {@code value} escaped for HTML text and double-quoted attribute values; {@code null} as empty. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** {@code value} for a URL's query. */
    static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** A query string of the non-empty {@code parameters}, with a leading {@code ?} unless empty. */
    static String query(Map<String, String> parameters) {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                query.append(query.length() == 0 ? '?' : '&').append(url(name)).append('=').append(url(value));
            }
        });
        return query.toString();
    }

    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    Html text(Object value) {
        out.append(esc(value));
        return this;
    }

    /** {@code <tag class="cls">text</tag>}, the text escaped. */
    Html el(String tag, String cls, Object value) {
        out.append('<').append(tag);
        if (cls != null && !cls.isEmpty()) {
            out.append(" class=\"").append(esc(cls)).append('"');
        }
        return raw(">").text(value).raw("</" + tag + ">");
    }

    /** {@code name="value"} with a leading space, the value escaped. */
    static String attr(String name, Object value) {
        return " " + name + "=\"" + esc(value) + "\"";
    }

    Html hidden(String name, Object value) {
        return raw("<input type=\"hidden\"" + attr("name", name) + attr("value", value) + ">");
    }

    /** A {@code <select>} of {@code options} (value to label), {@code selected} chosen. */
    Html select(String name, String id, Map<String, String> options, String selected) {
        raw("<select" + attr("name", name) + attr("id", id) + ">");
        options.forEach((value, label) -> raw("<option" + attr("value", value) + (value.equals(selected) ? " selected" : "")
                + ">").text(label).raw("</option>"));
        return raw("</select>");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
