package dev.cutover.demo;

import dev.cutover.jdbc.JdbcUrls;
import dev.cutover.jdbc.Redaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The demo's two PostgreSQL servers, legacy and target, and its database on each. By default both are
 * embedded servers started here (each on a fixed port and data directory, so that an outage can stop it and
 * start it again); with {@value #LEGACY_URL} and {@value #POSTGRES_URL} set, the servers those URLs name, where
 * the demo creates its two databases (dropped at the end, or kept for the {@code cutover} command line) and reaches
 * both through TCP proxies of its own. Not thread-safe.
 */
final class DemoServers implements AutoCloseable {
    static final String LEGACY_URL = "CUTOVER_DEMO_LEGACY_URL";
    static final String POSTGRES_URL = "CUTOVER_DEMO_POSTGRES_URL";
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]*)(\\?.*)?");

    /** How to reach one database: {@code url} for the demo's connections, {@code adminUrl} for the server's own. */
    record Endpoint(String url, String adminUrl, String database) {
        Connection admin() throws SQLException {
            return DriverManager.getConnection(adminUrl);
        }
    }

    final Endpoint legacy;
    final Endpoint target;
    /** Takes the target away and back. */
    final ServerOutage outage;
    /** Takes legacy away and back. */
    final ServerOutage legacyOutage;
    final String description;
    /** Whether {@link #close()} leaves the demo's databases for the command line; only on servers given by URL. */
    final boolean keepDatabases;
    final DemoDatabases databases;
    /** Whether the servers are the demo's own, embedded: stopped at the end rather than left running. */
    private final boolean embedded;
    private final Path workDirectory;
    private final Thread cleanupAtExit;
    private boolean closed;

    private DemoServers(Endpoint legacy, Endpoint target, ServerOutage outage, ServerOutage legacyOutage, String description,
            boolean keepDatabases, DemoDatabases databases, boolean embedded, Path workDirectory) {
        this.databases = databases;
        this.legacy = legacy;
        this.target = target;
        this.outage = outage;
        this.legacyOutage = legacyOutage;
        this.description = description;
        this.keepDatabases = keepDatabases;
        this.embedded = embedded;
        this.workDirectory = workDirectory;
        if (workDirectory == null) {
            cleanupAtExit = null;
        } else {
            // Interrupted (Ctrl-C, SIGTERM): this stops both servers and deletes their data directories, which zonky
            // keeps because an outage restarts a server on its own.
            cleanupAtExit = new Thread(() -> {
                outage.close();
                legacyOutage.close();
                delete(workDirectory);
            }, "cutover-demo-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanupAtExit);
        }
    }

    /**
     * Embedded servers, or the servers named by the environment when both URLs are set; on those, the demo's
     * databases outlive {@link #close()} if {@code keepDatabases}.
     */
    static DemoServers start(Map<String, String> environment, boolean keepDatabases, DemoDatabases databases) {
        String legacyUrl = environment.get(LEGACY_URL);
        String postgresUrl = environment.get(POSTGRES_URL);
        if (legacyUrl == null && postgresUrl == null) {
            if (keepDatabases) {
                throw new IllegalArgumentException(Demo.KEEP_DATABASES + " needs " + LEGACY_URL + " and " + POSTGRES_URL
                        + " (JDBC URLs of PostgreSQL servers whose user may create databases): the embedded servers and"
                        + " their files are gone when the demo ends");
            }
            return embedded(databases);
        }
        if (legacyUrl == null || postgresUrl == null) {
            throw new IllegalArgumentException("Set both " + LEGACY_URL + " and " + POSTGRES_URL + " (JDBC URLs of PostgreSQL"
                    + " servers whose user may create databases), or neither for embedded servers; only "
                    + (legacyUrl == null ? POSTGRES_URL : LEGACY_URL) + " is set");
        }
        return external(legacyUrl, postgresUrl, keepDatabases, databases);
    }

    private static DemoServers embedded(DemoDatabases databases) {
        Path work;
        try {
            work = Files.createTempDirectory("cutover-demo-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a temporary directory: " + e.getMessage(), e);
        }
        int targetPort = ProxyOutage.freePort();
        int legacyPort = ProxyOutage.freePort();
        // The two servers start at once: each takes 2-3 s, mostly waiting for its processes.
        CompletableFuture<EmbeddedServer> target = CompletableFuture.supplyAsync(
                () -> EmbeddedServer.start("target", work.resolve("target-data"), targetPort));
        EmbeddedServer legacy;
        try {
            legacy = EmbeddedServer.start("legacy", work.resolve("legacy-data"), legacyPort);
        } catch (RuntimeException e) {
            target.thenAccept(EmbeddedServer::close);
            throw e;
        }
        EmbeddedServer targetServer;
        try {
            targetServer = target.join();
        } catch (RuntimeException e) {
            legacy.close();
            throw e;
        }
        String legacyAdmin = "jdbc:postgresql://127.0.0.1:" + legacyPort + "/postgres?user=postgres";
        String targetAdmin = "jdbc:postgresql://127.0.0.1:" + targetPort + "/postgres?user=postgres";
        createDatabase(legacyAdmin, databases.legacy());
        createDatabase(targetAdmin, databases.target());
        return new DemoServers(
                new Endpoint(withDatabase(legacyAdmin, databases.legacy()), legacyAdmin, databases.legacy()),
                new Endpoint(withDatabase(targetAdmin, databases.target()), targetAdmin, databases.target()),
                targetServer, legacy, "two embedded PostgreSQL servers: legacy on port " + legacyPort + ", target on port "
                        + targetPort, false, databases, true, work);
    }

    private static DemoServers external(String legacyUrl, String postgresUrl, boolean keepDatabases,
            DemoDatabases databases) {
        Matcher target = matcher(POSTGRES_URL, postgresUrl);
        Matcher legacy = matcher(LEGACY_URL, legacyUrl);
        createDatabase(legacyUrl, databases.legacy());
        createDatabase(postgresUrl, databases.target());
        ProxyOutage proxy = proxy(target);
        ProxyOutage legacyProxy = proxy(legacy);
        return new DemoServers(
                new Endpoint(throughProxy(legacyProxy, legacy, databases.legacy()), legacyUrl, databases.legacy()),
                new Endpoint(throughProxy(proxy, target, databases.target()), postgresUrl, databases.target()),
                proxy, legacyProxy, "the servers of " + LEGACY_URL + " (" + JdbcUrls.redact(legacyUrl) + ") and " + POSTGRES_URL + " ("
                        + JdbcUrls.redact(postgresUrl) + "), databases " + databases.legacy() + " and " + databases.target()
                        + " created for the demo" + (keepDatabases ? " (kept at the end)" : "")
                        + "; reached through TCP proxies on ports " + legacyProxy.proxyPort() + " (legacy) and "
                        + proxy.proxyPort() + " (target)",
                keepDatabases, databases, false, null);
    }

    private static ProxyOutage proxy(Matcher server) {
        return new ProxyOutage(server.group(1), server.group(2) == null ? 5432 : Integer.parseInt(server.group(2)));
    }

    private static String throughProxy(ProxyOutage proxy, Matcher server, String database) {
        return "jdbc:postgresql://127.0.0.1:" + proxy.proxyPort() + "/" + database + (server.group(4) == null ? "" : server.group(4));
    }

    private static Matcher matcher(String variable, String url) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(variable + "='" + JdbcUrls.redact(url) + "' is not a PostgreSQL JDBC URL;"
                    + " expected jdbc:postgresql://host[:port]/database[?user=...&password=...]");
        }
        return matcher;
    }

    private static String withDatabase(String url, String database) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + JdbcUrls.redact(url));
        }
        return "jdbc:postgresql://" + matcher.group(1) + (matcher.group(2) == null ? "" : ":" + matcher.group(2)) + "/"
                + database + (matcher.group(4) == null ? "" : matcher.group(4));
    }

    /** Creates the database afresh: a previous run's, if any, is dropped first. */
    private static void createDatabase(String adminUrl, String database) {
        try (Connection connection = DriverManager.getConnection(adminUrl); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database + " through " + JdbcUrls.redact(adminUrl)
                    + ": " + Redaction.text(e.getMessage()) + " [SQLState " + e.getSQLState() + "]", Redaction.chain(e));
        }
    }

    /** Connections open to the demo's databases on both servers, as the servers see them. */
    long openConnections() throws SQLException {
        return openConnections(legacy) + openConnections(target);
    }

    private static long openConnections(Endpoint endpoint) throws SQLException {
        try (Connection connection = endpoint.admin();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            statement.setString(1, endpoint.database());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** The final check's name: what {@link #close()} must have done. */
    String cleanupCheck() {
        return embedded ? "servers stopped" : keepDatabases ? "demo databases kept" : "demo databases dropped";
    }

    /** What {@link #close()} leaves behind when all went well, for the narrative. */
    String afterClose() {
        return embedded ? "both embedded servers stopped, their files deleted"
                : "databases " + databases.legacy() + " and " + databases.target() + (keepDatabases ? " kept for the command line"
                        : " dropped") + "; the servers were not the demo's to stop";
    }

    /**
     * What differs from what {@link #close()} should have left, empty when nothing: embedded servers stopped (their
     * ports closed), or the demo's databases dropped, or kept.
     */
    String cleanupProblems() {
        StringBuilder left = new StringBuilder();
        if (embedded) {
            for (Endpoint endpoint : new Endpoint[] {legacy, target}) {
                int port = port(endpoint.adminUrl());
                if (accepts(port)) {
                    left.append("a server still listens on port ").append(port).append("; ");
                }
            }
        } else {
            for (Endpoint endpoint : new Endpoint[] {legacy, target}) {
                try (Connection connection = endpoint.admin();
                        PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
                    statement.setString(1, endpoint.database());
                    try (ResultSet result = statement.executeQuery()) {
                        result.next();
                        boolean exists = result.getLong(1) > 0;
                        if (exists != keepDatabases) {
                            left.append("database ").append(endpoint.database())
                                    .append(exists ? " still exists; " : " is gone; ");
                        }
                    }
                } catch (SQLException e) {
                    left.append("could not check ").append(endpoint.database()).append(": ").append(e.getMessage()).append("; ");
                }
            }
        }
        return left.toString();
    }

    private static int port(String url) {
        Matcher matcher = URL.matcher(url);
        return matcher.matches() && matcher.group(2) != null ? Integer.parseInt(matcher.group(2)) : 5432;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the embedded servers and deletes their files, or drops the demo's databases. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cleanupAtExit != null) {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        }
        outage.close();
        if (embedded) {
            try {
                legacyOutage.close();
            } finally {
                delete(workDirectory);
            }
        } else {
            legacyOutage.close();
        }
        if (!embedded && !keepDatabases) {
            drop(legacy);
            drop(target);
        }
    }

    /** The commands that run {@code cutover} on the kept databases (their direct URLs, not the closed proxy's). */
    String commandLine() {
        return commandLine(withDatabase(legacy.adminUrl(), legacy.database()), withDatabase(target.adminUrl(), target.database()),
                databases);
    }

    /** The commands for these two URLs; a password in them is printed as {@code ***}, with a word on where it goes. */
    static String commandLine(String legacyUrl, String postgresUrl, DemoDatabases databases) {
        String legacyShown = JdbcUrls.redact(legacyUrl);
        String postgresShown = JdbcUrls.redact(postgresUrl);
        String n = System.lineSeparator();
        StringBuilder text = new StringBuilder("The databases " + databases.legacy() + " and " + databases.target()
                + " are kept. Try the cutover command line on them, from the repository's root:" + n)
                .append("  export CUTOVER_CLASSPATH=demo/target/cutover-demo.jar").append(n)
                .append("  export CUTOVER_LEGACY_URL='").append(legacyShown).append("'").append(n)
                .append("  export CUTOVER_POSTGRES_URL='").append(postgresShown).append("'").append(n);
        if (!legacyShown.equals(legacyUrl) || !postgresShown.equals(postgresUrl)) {
            text.append("  (the demo prints no password: put yours in place of ***)").append(n);
        }
        for (String command : List.of("status", "verify", "flags show", "schema-check", "migrate --dry-run",
                "flags set ClientRepository.findById postgres --actor you --reason try --dry-run")) {
            text.append("  bin/cutover ").append(command).append(n);
        }
        return text.append("Drop them when done (DROP DATABASE ").append(databases.legacy()).append(", ")
                .append(databases.target()).append("); the next run of the demo drops and creates them afresh.").append(n)
                .toString();
    }

    private static void drop(Endpoint endpoint) {
        try (Connection connection = endpoint.admin(); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + endpoint.database());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop database " + endpoint.database() + ": " + Redaction.text(e.getMessage()), Redaction.chain(e));
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + directory + ": " + e.getMessage(), e);
        }
    }
}
