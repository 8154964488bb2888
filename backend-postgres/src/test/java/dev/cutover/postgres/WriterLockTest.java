package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.DataAccessException;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.tx.spi.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code lockAgainstWriters} of the target's store, which dual-write's repair takes before inserting rows the target lacks:
 * a table lock that holds writers back for the unit of work and gives up with SQLState 55P03 when its time is up.
 */
class WriterLockTest {
    private static TestDatabase database;
    private static PostgresAdapter adapter;
    private static PostgresStore<Client, Long> clients;

    @BeforeAll
    static void createTable() {
        database = TestPostgres.server().createDatabase("pg_writer_lock");
        database.execute(Client.DDL);
        adapter = Adapters.create(database);
        clients = adapter.store(Client.MAPPING);
    }

    @AfterAll
    static void dropDatabase() {
        adapter.close();
        database.close();
    }

    @Test
    void shouldGiveUpWithSqlState55P03WhileAnotherTransactionWritesTheTable() throws SQLException {
        try (Connection writer = database.dataSource().getConnection(); Statement statement = writer.createStatement()) {
            writer.setAutoCommit(false);
            statement.executeUpdate("DELETE FROM clients WHERE id = -1"); // no row, but the table's writer lock
            assertThatThrownBy(() -> UnitOfWork.run(() -> {
                clients.lockAgainstWriters(Duration.ofMillis(100));
                return true;
            })).isInstanceOfSatisfying(DataAccessException.class, e -> {
                assertThat(e.sqlState()).isEqualTo("55P03");
                assertThat(e.getMessage()).contains("lockAgainstWriters").contains("clients");
            });
            writer.rollback();
        }
        assertThat(UnitOfWork.run(() -> {
            clients.lockAgainstWriters(Duration.ofMillis(100));
            return database.queryLong("SELECT count(*) FROM pg_locks WHERE mode = 'ShareRowExclusiveLock' "
                    + "AND relation = 'clients'::regclass AND granted") == 1;
        })).as("held until the unit of work ends").isTrue();
        assertThat(database.queryLong("SELECT count(*) FROM pg_locks WHERE relation = 'clients'::regclass"))
                .as("released with it").isZero();
    }

    @Test
    void shouldRefuseOutsideAUnitOfWork() {
        assertThatThrownBy(() -> clients.lockAgainstWriters(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("clients")
                .hasMessageContaining("needs a unit of work");
    }
}
