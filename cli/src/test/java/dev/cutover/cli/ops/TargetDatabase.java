package dev.cutover.cli.ops;

import dev.cutover.postgres.CutoverSchema;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** A real PostgreSQL database of the test server with Cutover's own tables, as the target the command reads. */
final class TargetDatabase implements AutoCloseable {
    final TestDatabase database;
    final DataSource dataSource;

    private TargetDatabase(TestDatabase database) {
        this.database = database;
        this.dataSource = database.dataSource();
    }

    static TargetDatabase create(String prefix) {
        TargetDatabase target = new TargetDatabase(TestPostgres.server().createDatabase(prefix));
        CutoverSchema.migrate(target.dataSource);
        return target;
    }

    /**
     * Empties the flag store, its audit log (append-only: its owner lifts the refusal for the moment) and the tables
     * named.
     */
    void emptyFlagStoreAnd(String... tables) {
        database.execute("ALTER TABLE cutover.route_flag_audit DISABLE TRIGGER route_flag_audit_no_truncate",
                "TRUNCATE cutover.route_flag, cutover.route_flag_audit" + (tables.length == 0 ? "" : ", "
                        + String.join(", ", tables)) + " RESTART IDENTITY",
                "ALTER TABLE cutover.route_flag_audit ENABLE TRIGGER route_flag_audit_no_truncate");
    }

    /** The variables that point the command at this database. */
    Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("CUTOVER_POSTGRES_URL", database.jdbcUrl());
        environment.put("CUTOVER_POSTGRES_USER", database.username());
        if (database.password() != null) {
            environment.put("CUTOVER_POSTGRES_PASSWORD", database.password());
        }
        return environment;
    }

    Cli cli() {
        return Cli.withEnvironment(environment());
    }

    @Override
    public void close() {
        database.close();
    }
}
