package dev.cutover.console.internal;

import dev.cutover.console.ConsoleUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

/** One request to the console: who asks, where the console is mounted, the forms' hidden fields. */
final class Exchange {
    final HttpServletRequest request;
    final HttpServletResponse response;
    final ConsoleUser user;
    final String base;
    private final String formFields;

    Exchange(HttpServletRequest request, HttpServletResponse response, ConsoleUser user, String csrf,
            Map<String, String> extraFields) {
        this.request = request;
        this.response = response;
        this.user = user;
        this.base = request.getContextPath() + request.getServletPath();
        Html fields = new Html();
        if (csrf != null) {
            fields.hidden(Gate.CSRF_FIELD, csrf);
        }
        extraFields.forEach(fields::hidden);
        this.formFields = fields.toString();
    }

    /** A parameter, stripped; {@code ""} if absent. */
    String param(String name) {
        String value = request.getParameter(name);
        return value == null ? "" : value.strip();
    }

    /** The hidden fields every form carries: the CSRF token, and the mounting application's own. */
    String formFields() {
        return formFields;
    }

    /** An absolute path in the console: {@code link("/routes")}. */
    String link(String path) {
        return base + path;
    }
}
