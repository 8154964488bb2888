package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.DataAccessException;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pools are named, owned pools are released by close (leak-checked on the server), wrapped pools are left alone. */
class PostgresAdapterLifecycleTest {
    private static TestDatabase database;

    @BeforeAll
    static void createTables() {
        database = TestPostgres.server().createDatabase("pg_lifecycle");
        database.execute(Ledger.DDL);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    private static String applicationName(PostgresAdapter adapter) {
        return adapter.connections().withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT application_name FROM pg_stat_activity"
                            + " WHERE pid = pg_backend_pid()")) {
                result.next();
                return result.getString(1);
            }
        });
    }

    @Test
    void shouldOwnANamedPoolWhoseSessionsNameTheApplication() throws SQLException {
        try (PostgresAdapter adapter = Adapters.create(database)) {
            assertThat(adapter.backend()).isEqualTo(Backend.POSTGRES);
            assertThat(adapter.schema()).isEqualTo("public");
            assertThat(applicationName(adapter)).isEqualTo("cutover-postgres");
            HikariDataSource pool = adapter.connections().dataSource().unwrap(HikariDataSource.class);
            assertThat(pool.getPoolName()).isEqualTo("cutover-postgres");
            assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
        }
        Adapters.assertNoOpenConnections(database);

        try (PostgresAdapter named = PostgresAdapter.create(PostgresConfig.from(Adapters.config(database))
                .applicationName("booking-backfill").build())) {
            assertThat(applicationName(named)).isEqualTo("booking-backfill");
        }
        Adapters.assertNoOpenConnections(database);
    }

    @Test
    void shouldReleaseEveryConnectionOnCloseAndTolerateASecondClose() {
        PostgresAdapter adapter = Adapters.create(database);
        PostgresStore<Ledger.Account, Long> accounts = adapter.store(Ledger.ACCOUNTS);
        accounts.upsertAll(List.of(new Ledger.Account(1L, "Ann", BigDecimal.ONE)));
        assertThat(database.openConnections()).isPositive();

        adapter.close();
        Adapters.assertNoOpenConnections(database);
        adapter.close();

        assertThat(adapter.connections().dataSource().getClass()).isEqualTo(HikariDataSource.class);
        assertThat(((HikariDataSource) adapter.connections().dataSource()).isClosed()).isTrue();
        assertThatThrownBy(accounts::count)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageMatching("The PostgreSQL adapter \\(pool cutover-postgres on jdbc:postgresql://.*\\) is closed");
        assertThatThrownBy(() -> adapter.store(Ledger.TRANSFERS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(") is closed");
        assertThatThrownBy(() -> adapter.dsl().fetchValue("SELECT 1"))
                .isInstanceOf(DataAccessException.class)
                .hasMessage("PostgreSQL query failed: HikariDataSource HikariDataSource (cutover-postgres) has been closed.");
        Adapters.assertNoOpenConnections(database);
    }

    @Test
    void shouldReleaseThePoolWhenCutoverCloses() {
        PostgresAdapter adapter = Adapters.create(database);
        Cutover cutover = Cutover.builder()
                .postgres(adapter)
                .routes(RouteSource.fixed(Route.POSTGRES))
                .repository(Ledger.AccountRepository.class, new Ledger.InMemoryAccounts(), new Ledger.PostgresAccounts(adapter))
                .build();
        cutover.transaction(() -> cutover.repository(Ledger.AccountRepository.class)
                .save(new Ledger.Account(2L, "Bob", BigDecimal.TEN)));

        cutover.close();
        Adapters.assertNoOpenConnections(database);
        cutover.close();
        adapter.close();
        Adapters.assertNoOpenConnections(database);
    }

    @Test
    void shouldLeaveAWrappedPoolOpenForItsOwner() throws SQLException {
        try (HikariDataSource callersPool = new HikariDataSource()) {
            callersPool.setJdbcUrl(database.jdbcUrl());
            callersPool.setUsername(database.username());
            callersPool.setPassword(database.password());
            callersPool.setMaximumPoolSize(2);
            PostgresAdapter adapter = PostgresAdapter.wrap(callersPool, "public");
            adapter.store(Ledger.ACCOUNTS).upsertAll(List.of(new Ledger.Account(3L, "Cy", BigDecimal.ONE)));

            adapter.close();
            adapter.close();

            assertThat(callersPool.isClosed()).isFalse();
            try (Connection connection = callersPool.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
            assertThat(adapter).hasToString("PostgresAdapter[caller's pool com.zaxxer.hikari.HikariDataSource, "
                    + "schema public, closed]");
        }
        Adapters.assertNoOpenConnections(database);
    }

    @Test
    void shouldRefuseABlankSchemaForAWrappedPool() {
        try (HikariDataSource unused = new HikariDataSource()) {
            assertThatThrownBy(() -> PostgresAdapter.wrap(unused, " "))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("schema ' ' is not a schema name; for example 'public'");
        }
    }
}
