package dev.cutover.legacy;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;

/**
 * The legacy servers that the dialect-parameterized suites ({@code Legacy*Contract}) run on: where the database comes
 * from, the {@link Clients} and {@link Visits} DDL in that server's types, and its identifier quoting. The dialect is
 * inferred from the JDBC URL.
 */
enum LegacyServer {
    POSTGRES(Clients.DDL, Visits.DDL, "\"") {
        @Override
        TestDatabase createDatabase() {
            return TestPostgres.server().createDatabase("legacy");
        }
    },
    MARIADB(MariaDbClients.DDL, MariaDbClients.VISITS_DDL, "`") {
        @Override
        TestDatabase createDatabase() {
            return MariaDbClients.createDatabase();
        }
    };

    private final String clientsDdl;
    private final String visitsDdl;
    private final String quote;

    LegacyServer(String clientsDdl, String visitsDdl, String quote) {
        this.clientsDdl = clientsDdl;
        this.visitsDdl = visitsDdl;
        this.quote = quote;
    }

    /** A fresh, empty database on this server. */
    abstract TestDatabase createDatabase();

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
