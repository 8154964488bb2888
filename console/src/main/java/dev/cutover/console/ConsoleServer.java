package dev.cutover.console;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A {@link Console} served by embedded Jetty, as {@code cutover console} serves it. Session cookies are
 * {@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} over TLS (or always, with
 * {@link Console.Builder#secureCookies}), and expire after 30 minutes without a request. Needs Jetty on the class path
 * ({@code org.eclipse.jetty.ee10:jetty-ee10-servlet}). Thread-safe.
 */
public final class ConsoleServer implements AutoCloseable {
    /** How long a session lasts without a request. */
    public static final int SESSION_TIMEOUT_SECONDS = 30 * 60;

    private final Server server;
    private final ServerConnector connector;

    private ConsoleServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Serves {@code console} on {@code host}:{@code port} ({@code 0}: any free port, see {@link #port()}).
     *
     * @throws IllegalStateException if the server cannot start (the port is taken), naming the address
     */
    public static ConsoleServer start(Console console, String host, int port) {
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("A port is 0 to 65535; got " + port);
        }
        Server server = new Server();
        server.setStopTimeout(2_000);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");
        SessionHandler sessions = context.getSessionHandler();
        sessions.setSessionCookie("CUTOVER_CONSOLE");
        sessions.setHttpOnly(true);
        sessions.setSameSite(HttpCookie.SameSite.STRICT);
        sessions.setSecureRequestOnly(true);
        sessions.getSessionCookieConfig().setSecure(console.secureCookies());
        sessions.setMaxInactiveInterval(SESSION_TIMEOUT_SECONDS);
        context.addServlet(new ServletHolder("cutover-console", console.servlet()), "/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("The console could not listen on " + new InetSocketAddress(host, port) + ": " + e, e);
        }
        return new ConsoleServer(server, connector);
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://host:port/}. */
    public String url() {
        String host = connector.getHost();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
    }

    /** Waits until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving. Idempotent. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The console's server did not stop cleanly: " + e, e);
        }
    }
}
