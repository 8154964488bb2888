package dev.cutover.flags;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL database with Cutover's migrations applied, as its flag store: one per test class,
 * emptied before each test.
 */
final class FlagStoreDatabase implements AutoCloseable {
    private final TestDatabase database;
    private final PGSimpleDataSource dataSource;

    private FlagStoreDatabase(TestDatabase database) {
        this.database = database;
        this.dataSource = dataSource(database.jdbcUrl());
    }

    /** A new database with the migrations of {@code classpath:db/cutover/postgres} applied. */
    static FlagStoreDatabase create(String prefix) {
        FlagStoreDatabase store = new FlagStoreDatabase(TestPostgres.server().createDatabase(prefix));
        Flyway.configure()
                .dataSource(store.dataSource)
                .locations("classpath:db/cutover/postgres")
                .schemas("cutover")
                .table("cutover_schema_history")
                .load()
                .migrate();
        return store;
    }

    /** A new database without the migrations. */
    static FlagStoreDatabase createEmpty(String prefix) {
        return new FlagStoreDatabase(TestPostgres.server().createDatabase(prefix));
    }

    /** A data source of this database: a new real connection per call, no pool. */
    DataSource dataSource() {
        return dataSource;
    }

    PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL(url);
        source.setUser(database.username());
        if (database.password() != null) {
            source.setPassword(database.password());
        }
        return source;
    }

    TestDatabase database() {
        return database;
    }

    /** Empties the store and its audit log, which only the table's owner can, by lifting its refusal for a moment. */
    void reset() {
        database.execute("ALTER TABLE cutover.route_flag_audit DISABLE TRIGGER route_flag_audit_no_truncate",
                "TRUNCATE cutover.route_flag, cutover.route_flag_audit RESTART IDENTITY",
                "ALTER TABLE cutover.route_flag_audit ENABLE TRIGGER route_flag_audit_no_truncate");
    }

    void execute(String... sql) {
        database.execute(sql);
    }

    long count(String sql) {
        return database.queryLong(sql);
    }

    /** A builder of routes on this store, with an empty environment and no background refresh. */
    LiveRoutes.Builder routes() {
        return routes(Map.of());
    }

    LiveRoutes.Builder routes(Map<String, String> environment) {
        return LiveRoutes.builder(dataSource).environment(environment).backgroundRefresh(false);
    }

    /** Each row of a query as its columns' text, for assertions on what is stored. */
    List<List<String>> rows(String sql) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet result = statement.executeQuery()) {
            List<List<String>> rows = new ArrayList<>();
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        database.close();
    }
}
