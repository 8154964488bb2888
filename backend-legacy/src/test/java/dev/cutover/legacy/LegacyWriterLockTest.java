package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.DataAccessException;
import dev.cutover.legacy.Clients.Client;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.tx.spi.UnitOfWork;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code lockAgainstWriters} of a legacy store, which dual-write's repair takes before inserting rows a side lacks: on
 * PostgreSQL a table lock that waits for writers and fails with SQLState 55P03 when its time is up; on MariaDB nothing
 * (InnoDB's locking DELETE and UPDATE already wait on an uncommitted insert of their key).
 */
class LegacyWriterLockTest {
    private TestDatabase database;
    private LegacyAdapter adapter;

    private LegacyStore<Client, Long> open(LegacyServer server) {
        database = server.createDatabase();
        database.execute(server.clientsDdl());
        adapter = server.adapter(database);
        return adapter.store(Clients.MAPPING, Clients.TABLE);
    }

    @AfterEach
    void close() {
        if (adapter != null) {
            adapter.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void shouldGiveUpWithSqlState55P03WhileAnotherTransactionWritesThePostgresqlTable() throws SQLException {
        LegacyStore<Client, Long> clients = open(LegacyServer.POSTGRES);
        try (Connection writer = database.dataSource().getConnection(); Statement statement = writer.createStatement()) {
            writer.setAutoCommit(false);
            statement.executeUpdate("DELETE FROM tbl_clients WHERE id = -1"); // no row, but the table's writer lock
            assertThatThrownBy(() -> UnitOfWork.run(() -> {
                clients.lockAgainstWriters(Duration.ofMillis(100));
                return true;
            })).isInstanceOfSatisfying(DataAccessException.class, e -> {
                assertThat(e.sqlState()).isEqualTo("55P03");
                assertThat(e.getMessage()).contains("lockAgainstWriters").contains("tbl_clients");
            });
            writer.rollback();
        }
        assertThat(UnitOfWork.run(() -> {
            clients.lockAgainstWriters(Duration.ofMillis(100));
            return true;
        })).as("taken once the writer is gone").isTrue();
    }

    @Test
    void shouldLeaveTheSessionsLockTimeoutAsItWas() {
        LegacyStore<Client, Long> clients = open(LegacyServer.POSTGRES);
        String[] after = new String[1];
        UnitOfWork.run(() -> {
            adapter.connections().inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.execute("SET LOCAL lock_timeout = '42s'");
                }
            });
            clients.lockAgainstWriters(Duration.ofSeconds(1));
            after[0] = adapter.connections().inTransaction(connection -> {
                try (Statement statement = connection.createStatement();
                        var result = statement.executeQuery("SHOW lock_timeout")) {
                    result.next();
                    return result.getString(1);
                }
            });
            return true;
        });
        assertThat(after[0]).isEqualTo("42s");
    }

    @Test
    void shouldRefuseOutsideAUnitOfWorkOnPostgresql() {
        LegacyStore<Client, Long> clients = open(LegacyServer.POSTGRES);
        assertThatThrownBy(() -> clients.lockAgainstWriters(Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tbl_clients")
                .hasMessageContaining("needs a unit of work");
    }

    @Test
    void shouldNotLockOnMariaDbWhoseWritesWaitOnUncommittedInserts() throws SQLException {
        LegacyStore<Client, Long> clients = open(LegacyServer.MARIADB);
        try (Connection writer = database.dataSource().getConnection(); Statement statement = writer.createStatement()) {
            writer.setAutoCommit(false);
            statement.executeUpdate("DELETE FROM tbl_clients WHERE id = -1");
            assertThat(UnitOfWork.run(() -> {
                clients.lockAgainstWriters(Duration.ofMillis(100));
                return true;
            })).isTrue();
            clients.lockAgainstWriters(Duration.ofMillis(100)); // outside a unit of work too: nothing to hold
            writer.rollback();
        }
    }
}
