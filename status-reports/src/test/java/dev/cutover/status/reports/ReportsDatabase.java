package dev.cutover.status.reports;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** A real PostgreSQL database with this module's migration applied: one per test class. */
final class ReportsDatabase implements AutoCloseable {
    private final TestDatabase database;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    private ReportsDatabase(TestDatabase database) {
        this.database = database;
        dataSource.setURL(database.jdbcUrl());
        dataSource.setUser(database.username());
        if (database.password() != null) {
            dataSource.setPassword(database.password());
        }
    }

    /** A new database with the migrations of {@code classpath:db/cutover/postgres} applied. */
    static ReportsDatabase create(String prefix) {
        ReportsDatabase reports = createEmpty(prefix);
        Flyway.configure().dataSource(reports.dataSource).locations("classpath:db/cutover/postgres").schemas("cutover")
                .table("cutover_schema_history").load().migrate();
        return reports;
    }

    /** A new database without the migrations. */
    static ReportsDatabase createEmpty(String prefix) {
        return new ReportsDatabase(TestPostgres.server().createDatabase(prefix));
    }

    /** A new real connection per call, no pool. */
    DataSource dataSource() {
        return dataSource;
    }

    void execute(String... sql) {
        database.execute(sql);
    }

    @Override
    public void close() {
        database.close();
    }
}
