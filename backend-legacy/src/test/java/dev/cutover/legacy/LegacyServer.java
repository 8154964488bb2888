package dev.cutover.legacy;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.util.regex.Pattern;

/**
 * The legacy servers that the dialect-parameterized suites ({@code Legacy*Contract}) run on: where the database comes
 * from, the {@link Clients} and {@link Visits} DDL in that server's types, and its identifier quoting. The dialect is
 * inferred from the JDBC URL. Where the servers' answers differ only in wording (a refused login, an unreachable port),
 * this says how each words them.
 */
enum LegacyServer {
    POSTGRES(Clients.DDL, Visits.DDL, "\"", LegacyDialect.postgresql(), "08001",
            "Connection to 127.0.0.1:1 refused. Check that the hostname and port are correct and that the postmaster is "
                    + "accepting TCP/IP connections.") {
        @Override
        TestDatabase createDatabase() {
            return TestPostgres.server().createDatabase("legacy");
        }

        @Override
        String jdbcUrlForCallersPool(TestDatabase database) {
            return database.jdbcUrl();
        }

        /** The test servers trust local connections, so a wrong password alone would be accepted: the role may not log in. */
        @Override
        String[] createLockedLogin(String user) {
            return new String[] {"CREATE ROLE " + user + " NOLOGIN PASSWORD 'the-right-one'"};
        }

        @Override
        String[] dropLockedLogin(String user) {
            return new String[] {"DROP ROLE " + user};
        }

        @Override
        Pattern loginRefusal(String url, String user) {
            String prefix = "Cannot connect to the legacy database at " + url + " as user '" + user + "' (pool cutover-legacy, ";
            return Pattern.compile(Pattern.quote(prefix + "SQLState 28000): FATAL: role \"" + user
                    + "\" is not permitted to log in") + "|" + Pattern.quote(prefix + "SQLState 28P01): FATAL: password "
                    + "authentication failed for user \"" + user + "\""));
        }
    },
    MARIADB(MariaDbClients.DDL, MariaDbClients.VISITS_DDL, "`", LegacyDialect.mariadb(), "08000",
            "Socket fail to connect to 127.0.0.1:1. Connection refused") {
        @Override
        TestDatabase createDatabase() {
            return MariaDbClients.createDatabase();
        }

        /** Stores check that a wrapped pool's sessions run in UTC. */
        @Override
        String jdbcUrlForCallersPool(TestDatabase database) {
            return database.jdbcUrl() + (database.jdbcUrl().contains("?") ? "&" : "?")
                    + "sessionVariables=time_zone='+00:00'";
        }

        /** The user exists with another password, for every host the test may connect from. */
        @Override
        String[] createLockedLogin(String user) {
            return new String[] {"CREATE USER '" + user + "'@'%' IDENTIFIED BY 'the-right-one'",
                    "CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'the-right-one'",
                    "CREATE USER '" + user + "'@'127.0.0.1' IDENTIFIED BY 'the-right-one'"};
        }

        @Override
        String[] dropLockedLogin(String user) {
            return new String[] {"DROP USER '" + user + "'@'%'", "DROP USER '" + user + "'@'localhost'",
                    "DROP USER '" + user + "'@'127.0.0.1'"};
        }

        @Override
        Pattern loginRefusal(String url, String user) {
            return Pattern.compile(Pattern.quote("Cannot connect to the legacy database at " + url + " as user '" + user
                    + "' (pool cutover-legacy, SQLState 28000): ") + ".*" + Pattern.quote("Access denied for user '" + user
                    + "'@") + ".*", Pattern.DOTALL);
        }
    };

    private final String clientsDdl;
    private final String visitsDdl;
    private final String quote;
    private final LegacyDialect dialect;
    private final String unreachableSqlState;
    private final String unreachableCause;

    LegacyServer(String clientsDdl, String visitsDdl, String quote, LegacyDialect dialect, String unreachableSqlState,
            String unreachableCause) {
        this.clientsDdl = clientsDdl;
        this.visitsDdl = visitsDdl;
        this.quote = quote;
        this.dialect = dialect;
        this.unreachableSqlState = unreachableSqlState;
        this.unreachableCause = unreachableCause;
    }

    /** A fresh, empty database on this server. */
    abstract TestDatabase createDatabase();

    /** The URL a caller's own pool of {@code database} uses, with the session settings that stores require. */
    abstract String jdbcUrlForCallersPool(TestDatabase database);

    /** Statements that create {@code user}, who cannot log in with any password but {@code the-right-one}, if at all. */
    abstract String[] createLockedLogin(String user);

    /** Statements that drop what {@link #createLockedLogin} created. */
    abstract String[] dropLockedLogin(String user);

    /** The whole message of the failure to connect to {@code url} as a locked {@code user}. */
    abstract Pattern loginRefusal(String url, String user);

    /** The dialect inferred from this server's URLs. */
    LegacyDialect dialect() {
        return dialect;
    }

    /** A URL of this server's scheme on a port where nothing listens, with a password in it. */
    String unreachableUrl() {
        return "jdbc:" + (this == POSTGRES ? "postgresql" : "mariadb") + "://127.0.0.1:1/legacy?password=hunter2";
    }

    /** The SQLState and the driver's words for a refused connection to {@link #unreachableUrl()}. */
    String unreachableSqlState() {
        return unreachableSqlState;
    }

    String unreachableCause() {
        return unreachableCause;
    }

    String clientsDdl() {
        return clientsDdl;
    }

    String visitsDdl() {
        return visitsDdl;
    }

    /** {@code identifier} quoted as this server's error messages quote it. */
    String quoted(String identifier) {
        return quote + identifier + quote;
    }

    LegacyAdapter adapter(TestDatabase database) {
        return Clients.adapter(database);
    }
}
