package dev.cutover.cdc.debezium;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A target database on the shared test PostgreSQL for the feeds' positions, owned by a role with a password (Debezium's
 * JDBC stores refuse an empty one).
 */
final class Positions implements AutoCloseable {
    static final String PASSWORD = "positions-secret-7q";

    final TestDatabase database;
    final String role;

    private Positions(TestDatabase database, String role) {
        this.database = database;
        this.role = role;
    }

    static Positions create() {
        TestPostgres server = TestPostgres.server();
        TestDatabase database = server.createDatabase("cdc_positions");
        String role = "cdc_positions_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        server.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'");
        server.execute("ALTER DATABASE " + database.name() + " OWNER TO " + role);
        return new Positions(database, role);
    }

    /** The feed's stored offsets, as rows. */
    long storedOffsets(String feed) {
        return database.queryLong("SELECT count(*) FROM cutover.cdc_offsets WHERE feed = ?", feed);
    }

    @Override
    public void close() {
        database.close();
        TestPostgres.server().execute("DROP ROLE IF EXISTS " + role);
    }
}
