package dev.cutover.postgres;

import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny application for unit-of-work tests: two repository interfaces, each implemented on PostgreSQL
 * (one with the generic store, one with hand-written jOOQ) and, for the legacy side, in memory.
 */
final class Ledger {
    private Ledger() {
    }

    public record Account(Long id, String owner, BigDecimal balance) {
    }

    public record Transfer(Long id, Long accountId, BigDecimal amount) {
    }

    public interface AccountRepository {
        void save(Account account);

        Optional<Account> findById(long id);
    }

    public interface TransferRepository {
        void insert(Transfer transfer);

        List<Transfer> findByAccount(long accountId);
    }

    static final String[] DDL = {
        "CREATE TABLE accounts (id bigint PRIMARY KEY, owner text NOT NULL, balance numeric NOT NULL)",
        "CREATE TABLE transfers (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id),"
                + " amount numeric NOT NULL)"
    };

    static final EntityMapping<Account, Long> ACCOUNTS = EntityMapping.builder(Account.class, Long.class)
            .table("accounts")
            .key("id", ColumnType.BIGINT, Account::id)
            .column("owner", ColumnType.TEXT, Account::owner)
            .column("balance", ColumnType.NUMERIC, Account::balance)
            .reader(row -> new Account(row.getLong("id"), row.getString("owner"), row.getBigDecimal("balance")))
            .build();

    static final EntityMapping<Transfer, Long> TRANSFERS = EntityMapping.builder(Transfer.class, Long.class)
            .table("transfers")
            .key("id", ColumnType.BIGINT, Transfer::id)
            .column("account_id", ColumnType.BIGINT, Transfer::accountId)
            .column("amount", ColumnType.NUMERIC, Transfer::amount)
            .reader(row -> new Transfer(row.getLong("id"), row.getLong("account_id"), row.getBigDecimal("amount")))
            .build();

    /** Accounts through the generic store. */
    static final class PostgresAccounts implements AccountRepository {
        private final PostgresStore<Account, Long> store;

        PostgresAccounts(PostgresAdapter adapter) {
            this.store = adapter.store(ACCOUNTS);
        }

        @Override
        public void save(Account account) {
            store.upsertAll(List.of(account));
        }

        @Override
        public Optional<Account> findById(long id) {
            return store.findByKey(id);
        }
    }

    /** Transfers through hand-written jOOQ on the adapter's DSLContext. */
    static final class PostgresTransfers implements TransferRepository {
        private final PostgresAdapter adapter;
        private final PostgresStore<Transfer, Long> store;

        PostgresTransfers(PostgresAdapter adapter) {
            this.adapter = adapter;
            this.store = adapter.store(TRANSFERS);
        }

        @Override
        public void insert(Transfer transfer) {
            adapter.dsl().insertInto(store.table())
                    .set(store.field("id", Long.class), transfer.id())
                    .set(store.field("account_id", Long.class), transfer.accountId())
                    .set(store.field("amount", BigDecimal.class), transfer.amount())
                    .execute();
        }

        @Override
        public List<Transfer> findByAccount(long accountId) {
            return store.findWhere(store.field("account_id", Long.class).eq(accountId), 1_000);
        }
    }

    /** The legacy side, kept in memory: these tests route everything to PostgreSQL, so it must stay empty. */
    static final class InMemoryAccounts implements AccountRepository {
        final Map<Long, Account> accounts = new ConcurrentHashMap<>();

        @Override
        public void save(Account account) {
            accounts.put(account.id(), account);
        }

        @Override
        public Optional<Account> findById(long id) {
            return Optional.ofNullable(accounts.get(id));
        }
    }

    static final class InMemoryTransfers implements TransferRepository {
        final Map<Long, Transfer> transfers = new ConcurrentHashMap<>();

        @Override
        public void insert(Transfer transfer) {
            transfers.put(transfer.id(), transfer);
        }

        @Override
        public List<Transfer> findByAccount(long accountId) {
            return new ArrayList<>(transfers.values().stream().filter(t -> t.accountId() == accountId).toList());
        }
    }
}
