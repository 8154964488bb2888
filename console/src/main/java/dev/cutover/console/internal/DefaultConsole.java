package dev.cutover.console.internal;

import dev.cutover.Cutover;
import dev.cutover.console.Console;
import dev.cutover.console.ConsoleAuthentication;
import dev.cutover.flags.FlagEntry;
import dev.cutover.flags.FlagStoreStatus;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.MethodRouting;
import dev.cutover.flags.RouteFinding;
import dev.cutover.jdbc.Redaction;
import dev.cutover.routing.MethodRoute;
import jakarta.servlet.http.HttpServlet;
import java.util.List;

/** {@link Console}: one route source bound to stand-ins of the repositories, read again for every page. */
final class DefaultConsole implements Console {
    final ConsoleBuilder config;
    final LiveRoutes live;
    private final Cutover cutover;
    private final ConsoleServlet servlet;
    final HealthTables tables;
    final BacklogSamples samples;

    /** The routes as read for one page. */
    record Snapshot(List<MethodRoute> routes, List<MethodRouting> routing, List<FlagEntry> entries, FlagStoreStatus status,
            List<RouteFinding> findings) {
    }

    DefaultConsole(ConsoleBuilder config) {
        this.config = config;
        this.live = LiveRoutes.builder(config.store).environment(config.environment)
                .knownVariables(config.knownVariables).backgroundRefresh(false).clock(config.clock).build();
        this.cutover = StandIns.bind(config.repositories, live); // a failed bind closes live
        this.tables = new HealthTables(this);
        this.samples = new BacklogSamples(tables, config.clock);
        this.servlet = new ConsoleServlet(this);
    }

    /** Reads the store now and answers the routes it decides. */
    synchronized Snapshot snapshot() {
        FlagStoreStatus status = live.refresh();
        return new Snapshot(cutover.routes(), live.routing(), live.entries(), status, live.findings());
    }

    /** {@code text} with every configured secret replaced by {@code ***}, escaped forms included. */
    String scrub(String text) {
        String safe = text;
        for (String secret : config.secrets) {
            safe = safe.replace(secret, "***").replace(Html.esc(secret), "***");
        }
        return safe;
    }

    /** A failure's message for a page: credentials of URLs and configured secrets removed, on one line. */
    String describe(Throwable failure) {
        return Redaction.text(String.valueOf(failure.getMessage()), config.secrets.toArray(String[]::new))
                .replace('\n', ' ');
    }

    @Override
    public HttpServlet servlet() {
        return servlet;
    }

    @Override
    public ConsoleAuthentication authentication() {
        return config.authentication;
    }

    @Override
    public boolean secureCookies() {
        return config.secureCookies;
    }

    @Override
    public void close() {
        samples.close();
        cutover.close();
    }
}
