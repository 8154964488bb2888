package dev.cutover.console.internal;

import dev.cutover.console.ConsoleAuthentication;
import dev.cutover.console.ConsoleUser;
import dev.cutover.jdbc.Redaction;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's one servlet: static files, the login, then every page behind it. A request without a user gets the
 * login form (or a refusal, when the proxy or the container authenticates); a POST without the session's CSRF token is
 * refused; a change needs the change role.
 */
final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServlet.class);
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final transient DefaultConsole console;
    private final transient ConsoleAuthentication authentication;
    private final transient Gate gate;
    private final transient RoutesPage routes;
    private final transient ChangePages changes;
    private final transient AuditPage audit;
    private final transient HealthPage health;

    ConsoleServlet(DefaultConsole console) {
        this.console = console;
        this.authentication = console.config.authentication;
        this.gate = new Gate(authentication, console.config.clock);
        ConsoleData data = new ConsoleData(console);
        this.routes = new RoutesPage(console, data);
        this.changes = new ChangePages(console, data);
        this.audit = new AuditPage(console);
        this.health = new HealthPage(console, data);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Cache-Control", "no-store");
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        String base = request.getContextPath() + request.getServletPath();
        try {
            if (path.startsWith("/static/") && method.equals("GET")) {
                serveStatic(path.substring("/static/".length()), response);
                return;
            }
            if (gate.untrustedProxy(request)) {
                send(response, 403, Layout.bare(base, "Refused", "<p>This console trusts the user header only from its"
                        + " proxy; this request came from another address.</p>"));
                return;
            }
            if (path.equals("/login") && authentication.mode() == ConsoleAuthentication.Mode.PASSWORDS) {
                login(request, response, base);
                return;
            }
            Optional<ConsoleUser> user = gate.user(request);
            if (user.isEmpty()) {
                refuseAnonymous(request, response, base);
                return;
            }
            String csrf = gate.csrfToken(request);
            Exchange exchange = new Exchange(request, response, user.get(), csrf, authentication.formFields(request));
            if (method.equals("POST") && !gate.csrfValid(request)) {
                send(response, 403, page(exchange, "", "Refused", "<p id=\"refusal\">The form's CSRF token is missing or"
                        + " does not match this session: nothing was changed. Reload the page and submit it again.</p>"));
                return;
            }
            dispatch(exchange, method, path);
        } catch (RuntimeException e) {
            LOG.warn("Console request {} {} failed: {}", method, path, Redaction.text(String.valueOf(e.getMessage()),
                    secrets()));
            if (!response.isCommitted()) {
                send(response, 500, Layout.bare(base, "Error", "<p>The console could not answer: " + Html.esc(
                        Redaction.text(String.valueOf(e.getMessage()), secrets())) + "</p>"));
            }
        }
    }

    private void dispatch(Exchange exchange, String method, String path) throws IOException {
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        switch (path) {
            case "/", "" -> exchange.response.sendRedirect(exchange.link("/routes"));
            case "/routes" -> html(exchange, get, "routes", "Routes", () -> routes.render(exchange));
            case "/change" -> {
                if (post) {
                    changeOnly(exchange, "Change applied", () -> changes.apply(exchange));
                } else {
                    html(exchange, get, "change", "Change a route", () -> changes.preview(exchange));
                }
            }
            case "/rollback" -> {
                if (post) {
                    changeOnly(exchange, "Rollback", () -> changes.applyRollback(exchange));
                } else {
                    html(exchange, get, "change", "Roll back to legacy", () -> changes.rollbackPreview(exchange));
                }
            }
            case "/audit" -> html(exchange, get, "audit", "Audit log", () -> audit.render(exchange));
            case "/audit.csv" -> {
                if (get) {
                    audit.export(exchange, "csv");
                }
            }
            case "/audit.json" -> {
                if (get) {
                    audit.export(exchange, "json");
                }
            }
            case "/health" -> html(exchange, get, "health", "Health", () -> health.render(exchange));
            case "/logout" -> {
                if (post) {
                    gate.logout(exchange.request);
                    exchange.response.sendRedirect(exchange.link("/login"));
                } else {
                    send(exchange.response, 405, page(exchange, "", "Log out", "<p>Log out with the button above.</p>"));
                }
            }
            default -> send(exchange.response, 404, page(exchange, "", "Not found", "<p>No such page: "
                    + Html.esc(path) + "</p>"));
        }
        if (!exchange.response.isCommitted() && !get && !post) {
            send(exchange.response, 405, page(exchange, "", "Not allowed", "<p>Method " + Html.esc(method) + "</p>"));
        }
    }

    /** What a page body writes; {@code null} if it answered already (a download, a redirect). */
    interface Body {
        String render() throws IOException;
    }

    private void html(Exchange exchange, boolean get, String active, String title, Body body) throws IOException {
        if (!get) {
            send(exchange.response, 405, page(exchange, active, title, "<p>Use GET.</p>"));
            return;
        }
        String content = body.render();
        if (content != null) {
            send(exchange.response, 200, page(exchange, active, title, content));
        }
    }

    private void changeOnly(Exchange exchange, String title, Body body) throws IOException {
        if (!exchange.user.canChange()) {
            send(exchange.response, 403, page(exchange, "change", "Refused", "<p id=\"refusal\">"
                    + Html.esc(exchange.user.name()) + " has the read role: changing routes needs the change role. Nothing"
                    + " was changed.</p>"));
            return;
        }
        String content = body.render();
        if (content != null) {
            send(exchange.response, 200, page(exchange, "change", title, content));
        }
    }

    private String page(Exchange exchange, String active, String title, String body) {
        return Layout.page(exchange, authentication, active, title, body);
    }

    private void login(HttpServletRequest request, HttpServletResponse response, String base) throws IOException {
        String csrf = gate.csrfToken(request);
        if (request.getMethod().equals("POST")) {
            String name = String.valueOf(request.getParameter("username")).strip();
            Duration blocked = gate.loginBlockedFor(request.getRemoteAddr(), name);
            if (!blocked.isZero()) {
                response.setHeader("Retry-After", Long.toString(Math.max(1, blocked.toSeconds())));
                send(response, 429, Layout.bare(base, "Log in", loginForm(base, csrf, "Too many failed logins: try again in "
                        + Math.max(1, blocked.toSeconds()) + " s.")));
                return;
            }
            if (!gate.csrfValid(request)) {
                send(response, 403, Layout.bare(base, "Log in", loginForm(base, csrf,
                        "The form expired: log in again.")));
                return;
            }
            if (gate.login(request, name, request.getParameter("password")).isPresent()) {
                response.sendRedirect(base + "/routes");
                return;
            }
            send(response, 401, Layout.bare(base, "Log in", loginForm(base, gate.csrfToken(request),
                    "Unknown user or wrong password.")));
            return;
        }
        send(response, 200, Layout.bare(base, "Log in", loginForm(base, csrf, null)));
    }

    private static String loginForm(String base, String csrf, String error) {
        Html html = new Html();
        if (error != null) {
            html.el("p", "error", error);
        }
        return html.raw("<form method=\"post\" class=\"login\"" + Html.attr("action", base + "/login") + ">")
                .hidden(Gate.CSRF_FIELD, csrf)
                .raw("<label>User <input name=\"username\" id=\"username\" autocomplete=\"username\" required></label>"
                        + "<label>Password <input name=\"password\" id=\"password\" type=\"password\""
                        + " autocomplete=\"current-password\" required></label>"
                        + "<button type=\"submit\" id=\"login\">Log in</button></form>").toString();
    }

    private void refuseAnonymous(HttpServletRequest request, HttpServletResponse response, String base) throws IOException {
        if (authentication.mode() == ConsoleAuthentication.Mode.PASSWORDS) {
            if (request.getMethod().equals("GET")) {
                response.sendRedirect(base + "/login");
            } else {
                send(response, 401, Layout.bare(base, "Log in", "<p>Not logged in: nothing was changed. <a"
                        + Html.attr("href", base + "/login") + ">Log in</a>.</p>"));
            }
            return;
        }
        send(response, authentication.mode() == ConsoleAuthentication.Mode.CONTAINER ? 403 : 401,
                Layout.bare(base, "Refused", "<p>Not logged in, or without a console role.</p>"));
    }

    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "txt", "text/plain; charset=utf-8");

    private static void serveStatic(String name, HttpServletResponse response) throws IOException {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        if (!name.matches("[a-zA-Z0-9.-]+") || !TYPES.containsKey(extension)) {
            response.sendError(404);
            return;
        }
        try (InputStream in = ConsoleServlet.class.getResourceAsStream("/dev/cutover/console/static/" + name)) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            response.setContentType(TYPES.get(extension));
            response.setHeader("Cache-Control", "max-age=3600");
            in.transferTo(response.getOutputStream());
        }
    }

    private String[] secrets() {
        return console.config.secrets.toArray(String[]::new);
    }

    /** Writes {@code html} with every configured secret replaced, whatever put it there. */
    private void send(HttpServletResponse response, int status, String html) throws IOException {
        String safe = console.scrub(html);
        response.setStatus(status);
        response.setContentType("text/html; charset=utf-8");
        byte[] bytes = safe.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
