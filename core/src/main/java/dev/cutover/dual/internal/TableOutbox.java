package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.status.Backlog;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.OutboxSql;
import dev.cutover.tx.TransactionalConnections;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** An {@link Outbox} in a table of the primary's database, through its unit-of-work-aware connections. Thread-safe. */
public final class TableOutbox implements Outbox {
    private static final int DELETE_CHUNK = 500;
    /**
     * Entries per insert (a batch, or one multi-row statement of three parameters each): far below PgJDBC's 65,535
     * bind parameters and MariaDB's packet, so that a write of any size records its keys.
     */
    static final int INSERT_CHUNK = 1_000;
    private static final String[] ID = {"id"};

    /** Entry counts whose in-statement insert is built once, not per write: a call writes a few rows at most. */
    static final int PREBUILT_INSERTS = dev.cutover.tx.spi.StatementOutbox.CACHEABLE_ENTRIES;

    private final TransactionalConnections connections;
    private final OutboxSql sql;
    /** {@link OutboxSql#insertReturning} of i + 1 entries; empty if the insert cannot ride in a write. */
    private final List<String> insertsReturning;

    public TableOutbox(TransactionalConnections connections, OutboxSql sql) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.sql = Objects.requireNonNull(sql, "sql");
        List<String> inserts = new ArrayList<>();
        if (sql.insertReturning(1) != null) {
            for (int entries = 1; entries <= PREBUILT_INSERTS; entries++) {
                inserts.add(sql.insertReturning(entries));
            }
        }
        this.insertsReturning = List.copyOf(inserts);
    }

    TransactionalConnections connections() {
        return connections;
    }

    /** Whether the outbox's insert can ride inside a store's write ({@link OutboxSql#insertReturning}). */
    boolean insertsInStatement() {
        return !insertsReturning.isEmpty();
    }

    /** {@link OutboxSql#insertReturning} of {@code entries}; the same string each time for a few entries. */
    String insertReturning(int entries) {
        return entries <= insertsReturning.size() ? insertsReturning.get(entries - 1) : sql.insertReturning(entries);
    }

    /** {@link OutboxSql#timeValue}. */
    Object timeValue(Instant time) {
        return sql.timeValue(time);
    }

    @Override
    public Backend primary() {
        return connections.backend();
    }

    @Override
    public String description() {
        return "table " + sql.table() + " (" + sql.databaseName() + ")";
    }

    @Override
    public List<OutboxEntry> record(List<OutboxKey> keys, Instant now) {
        if (!TransactionalConnections.inUnitOfWork()) {
            throw new IllegalStateException("Outbox entries are recorded inside the unit of work of the write they record");
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        return connections.withConnection(connection -> {
            List<OutboxEntry> entries = new ArrayList<>(keys.size());
            try (PreparedStatement insert = connection.prepareStatement(sql.insert(), ID)) {
                for (int from = 0; from < keys.size(); from += INSERT_CHUNK) {
                    insert(insert, keys.subList(from, Math.min(keys.size(), from + INSERT_CHUNK)), now, entries);
                }
            }
            return entries;
        });
    }

    /** Inserts {@code chunk} as one batch (or one statement), adding its entries to {@code entries}. */
    private void insert(PreparedStatement insert, List<OutboxKey> chunk, Instant now, List<OutboxEntry> entries)
            throws SQLException {
        for (OutboxKey key : chunk) {
            insert.setString(1, key.table());
            insert.setString(2, key.key());
            sql.bindTime(insert, 3, now);
            if (chunk.size() > 1) {
                insert.addBatch();
            }
        }
        if (chunk.size() > 1) {
            insert.executeBatch();
        } else {
            insert.executeUpdate();
        }
        int before = entries.size();
        try (ResultSet ids = insert.getGeneratedKeys()) {
            for (OutboxKey key : chunk) {
                if (!ids.next()) {
                    throw new SQLException("The outbox insert into " + sql.table() + " returned " + (entries.size() - before)
                            + " generated ids for " + chunk.size() + " rows");
                }
                entries.add(new OutboxEntry(ids.getLong(1), key, now));
            }
        }
    }

    @Override
    public List<OutboxEntry> recordAndCommit(List<OutboxKey> keys, Instant now) {
        // One statement of three parameters per key: more keys are recorded in chunks by record(...), then committed.
        String statement = keys.isEmpty() || keys.size() > INSERT_CHUNK ? null : sql.insertAndCommit(keys.size());
        if (statement == null || !TransactionalConnections.inUnitOfWork()) {
            return null;
        }
        return connections.withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(statement)) {
                int parameter = 1;
                for (OutboxKey key : keys) {
                    insert.setString(parameter++, key.table());
                    insert.setString(parameter++, key.key());
                    sql.bindTime(insert, parameter++, now);
                }
                if (!insert.execute()) {
                    throw new SQLException("The outbox insert into " + sql.table() + " returned no ids");
                }
                List<OutboxEntry> entries = new ArrayList<>(keys.size());
                try (ResultSet rows = insert.getResultSet()) {
                    while (rows.next()) {
                        entries.add(new OutboxEntry(rows.getLong(1), new OutboxKey(rows.getString(2), rows.getString(3)), now));
                    }
                }
                if (entries.size() != keys.size()) {
                    throw new SQLException("The outbox insert into " + sql.table() + " returned " + entries.size()
                            + " rows for " + keys.size() + " keys");
                }
                insert.getMoreResults();
                return entries;
            }
        });
    }

    @Override
    public List<OutboxEntry> pending(Instant createdBefore, int limit) {
        return connections.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.pending())) {
                sql.bindTime(select, 1, createdBefore);
                select.setInt(2, limit);
                List<OutboxEntry> entries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        entries.add(new OutboxEntry(rows.getLong(1), new OutboxKey(rows.getString(2), rows.getString(3)),
                                sql.readTime(rows, 4)));
                    }
                }
                return entries;
            }
        });
    }

    @Override
    public List<OutboxEntry> entriesOf(Collection<OutboxKey> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> byTable = new LinkedHashMap<>();
        for (OutboxKey key : keys) {
            byTable.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(key.key());
        }
        return connections.withConnection(connection -> {
            List<OutboxEntry> entries = new ArrayList<>();
            for (Map.Entry<String, List<String>> table : byTable.entrySet()) {
                List<String> all = table.getValue();
                for (int from = 0; from < all.size(); from += DELETE_CHUNK) {
                    List<String> chunk = all.subList(from, Math.min(all.size(), from + DELETE_CHUNK));
                    try (PreparedStatement select = connection.prepareStatement(sql.entriesOf(chunk.size()))) {
                        select.setString(1, table.getKey());
                        for (int i = 0; i < chunk.size(); i++) {
                            select.setString(i + 2, chunk.get(i));
                        }
                        try (ResultSet rows = select.executeQuery()) {
                            while (rows.next()) {
                                entries.add(new OutboxEntry(rows.getLong(1), new OutboxKey(rows.getString(2),
                                        rows.getString(3)), sql.readTime(rows, 4)));
                            }
                        }
                    }
                }
            }
            return entries;
        });
    }

    @Override
    public void remove(Collection<OutboxEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<OutboxEntry> all = List.copyOf(entries);
        connections.withConnection(connection -> {
            for (int from = 0; from < all.size(); from += DELETE_CHUNK) {
                List<OutboxEntry> chunk = all.subList(from, Math.min(all.size(), from + DELETE_CHUNK));
                try (PreparedStatement delete = connection.prepareStatement(sql.delete(chunk.size()))) {
                    for (int i = 0; i < chunk.size(); i++) {
                        delete.setLong(i + 1, chunk.get(i).id());
                    }
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Backlog backlog(Instant now) {
        return connections.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.backlog());
                    ResultSet row = select.executeQuery()) {
                row.next();
                return new Backlog(primary(), description(), row.getLong(1), sql.readTime(row, 2), now);
            }
        });
    }

    @Override
    public String toString() {
        return "TableOutbox[" + description() + "]";
    }
}
