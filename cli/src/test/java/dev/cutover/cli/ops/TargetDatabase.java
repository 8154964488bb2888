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
