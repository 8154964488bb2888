package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.DataAccessException;
import dev.cutover.postgres.Ledger.Account;
import dev.cutover.postgres.Ledger.AccountRepository;
import dev.cutover.postgres.Ledger.Transfer;
import dev.cutover.postgres.Ledger.TransferRepository;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Repository calls on PostgreSQL join {@code Cutover.transaction}; outside one, each store call is its own transaction. */
class UnitOfWorkTest {
    private static TestDatabase database;
    private static PostgresAdapter adapter;
    private static Ledger.InMemoryAccounts legacyAccounts;
    private static Ledger.InMemoryTransfers legacyTransfers;
    private static Cutover cutover;
    private static AccountRepository accounts;
    private static TransferRepository transfers;

    @BeforeAll
    static void buildCutover() {
        database = TestPostgres.server().createDatabase("pg_unit_of_work");
        database.execute(Ledger.DDL);
        adapter = Adapters.create(database);
        legacyAccounts = new Ledger.InMemoryAccounts();
        legacyTransfers = new Ledger.InMemoryTransfers();
        cutover = Cutover.builder()
                .postgres(adapter)
                .routes(RouteSource.fixed(Route.POSTGRES))
                .repository(AccountRepository.class, legacyAccounts, new Ledger.PostgresAccounts(adapter))
                .repository(TransferRepository.class, legacyTransfers, new Ledger.PostgresTransfers(adapter))
                .build();
        accounts = cutover.repository(AccountRepository.class);
        transfers = cutover.repository(TransferRepository.class);
    }

    @AfterAll
    static void closeCutover() {
        cutover.close();
        Adapters.assertNoOpenConnections(database);
        database.close();
    }

    @BeforeEach
    void emptyTables() {
        database.execute("TRUNCATE accounts, transfers");
    }

    @AfterEach
    void legacyWasNeverCalled() {
        assertThat(legacyAccounts.accounts).isEmpty();
        assertThat(legacyTransfers.transfers).isEmpty();
    }

    private static long rows(String table) {
        return database.queryLong("SELECT count(*) FROM " + table);
    }

    @Test
    void shouldCommitTwoWritesOfAUnitOfWorkTogether() {
        Account account = new Account(1L, "Ann", new BigDecimal("10.00"));
        Transfer transfer = new Transfer(7L, 1L, new BigDecimal("-2.50"));
        List<Long> seenFromOutside = new ArrayList<>();

        cutover.transaction(() -> {
            accounts.save(account);
            transfers.insert(transfer);
            assertThat(accounts.findById(1L)).contains(account);
            assertThat(transfers.findByAccount(1L)).containsExactly(transfer);
            seenFromOutside.add(rows("accounts") + rows("transfers"));
        });

        assertThat(seenFromOutside).containsExactly(0L);
        assertThat(rows("accounts")).isEqualTo(1);
        assertThat(rows("transfers")).isEqualTo(1);
        assertThat(accounts.findById(1L)).contains(account);
    }

    @Test
    void shouldRollBackEveryWriteOfAUnitOfWorkWhenItsBodyThrows() {
        IllegalStateException failure = new IllegalStateException("the payment provider said no");

        assertThatThrownBy(() -> cutover.transaction(() -> {
            accounts.save(new Account(1L, "Ann", BigDecimal.TEN));
            transfers.insert(new Transfer(7L, 1L, BigDecimal.ONE));
            throw failure;
        })).isSameAs(failure);

        assertThat(rows("accounts")).isZero();
        assertThat(rows("transfers")).isZero();
    }

    @Test
    void shouldRollBackTheUnitOfWorkWhenTheDatabaseRefusesAWrite() {
        assertThatThrownBy(() -> cutover.transaction(() -> {
            accounts.save(new Account(1L, "Ann", BigDecimal.TEN));
            transfers.insert(new Transfer(7L, 99L, BigDecimal.ONE));
        })).isInstanceOfSatisfying(DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo("23503"));

        assertThat(rows("accounts")).isZero();
    }

    @Test
    void shouldMakeEachStoreCallOutsideAUnitOfWorkItsOwnTransaction() {
        PostgresStore<Account, Long> store = adapter.store(Ledger.ACCOUNTS);
        store.upsertAll(List.of(new Account(1L, "Ann", BigDecimal.ONE)));
        assertThat(rows("accounts")).as("committed when the call returned").isEqualTo(1);

        List<Account> batch = new ArrayList<>();
        for (long id = 100; id < 700; id++) {
            batch.add(new Account(id, "owner " + id, BigDecimal.valueOf(id)));
        }
        // Valid values, but the second INSERT of the batch breaks a constraint the mapping cannot know.
        database.execute("ALTER TABLE accounts ADD CONSTRAINT accounts_balance_below_650 CHECK (balance < 650)");
        try {
            assertThatThrownBy(() -> store.upsertAll(batch))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageStartingWith("upsertAll on public.accounts failed (SQLState 23514): ERROR: new row for "
                            + "relation \"accounts\" violates check constraint \"accounts_balance_below_650\"");
        } finally {
            database.execute("ALTER TABLE accounts DROP CONSTRAINT accounts_balance_below_650");
        }

        assertThat(rows("accounts")).as("the first 500 rows were rolled back with the rest").isEqualTo(1);
    }

    @Test
    void shouldTurnAJooqTransactionInsideAUnitOfWorkIntoASavepoint() {
        cutover.transaction(() -> {
            accounts.save(new Account(1L, "Ann", BigDecimal.TEN));
            assertThatThrownBy(() -> adapter.dsl().transaction(configuration -> {
                transfers.insert(new Transfer(7L, 1L, BigDecimal.ONE));
                throw new IllegalStateException("undo the transfer only");
            })).hasMessage("undo the transfer only");
            adapter.dsl().transaction(configuration -> transfers.insert(new Transfer(8L, 1L, BigDecimal.valueOf(2))));
            assertThat(rows("accounts")).as("a jOOQ commit inside the unit must not commit it").isZero();
        });

        assertThat(rows("accounts")).isEqualTo(1);
        assertThat(transfers.findByAccount(1L)).containsExactly(new Transfer(8L, 1L, BigDecimal.valueOf(2)));
    }

    @Test
    void shouldRunAJooqTransactionOutsideAUnitOfWorkOnItsOwn() {
        adapter.dsl().transaction(configuration -> configuration.dsl()
                .insertInto(DSL.table("accounts")).values(1L, "Ann", BigDecimal.ONE).execute());
        assertThatThrownBy(() -> adapter.dsl().transaction(configuration -> {
            configuration.dsl().insertInto(DSL.table("accounts")).values(2L, "Bob", BigDecimal.ONE).execute();
            throw new IllegalStateException("roll back Bob");
        })).hasMessage("roll back Bob");

        assertThat(database.queryLong("SELECT count(*) FROM accounts WHERE id = 1")).isEqualTo(1);
        assertThat(rows("accounts")).isEqualTo(1);
    }
}
