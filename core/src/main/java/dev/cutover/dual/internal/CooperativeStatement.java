package dev.cutover.dual.internal;

import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.tx.SqlFunction;
import dev.cutover.tx.TransactionalConnections;
import dev.cutover.tx.spi.StatementOutbox;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StatementOutbox} of one store write of a mirrored table: its keys, the outbox insert, where the statement
 * runs, and the report of what it returned to the call's {@link OutboxParticipation}. Confined to the calling thread.
 */
final class CooperativeStatement implements StatementOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(dev.cutover.dual.DualWrites.class);

    private final OutboxParticipation participation;
    private final TransactionalConnections connections;
    private final TableOutbox outbox;
    private final MirroredTable<?, ?> table;
    private final List<OutboxKey> keys;
    private final boolean delete;
    private final boolean autocommit;
    private final Instant now;

    CooperativeStatement(OutboxParticipation participation, TableOutbox outbox, MirroredTable<?, ?> table,
            List<OutboxKey> keys, boolean delete, boolean autocommit, Instant now) {
        this.participation = participation;
        this.connections = outbox.connections();
        this.outbox = outbox;
        this.table = table;
        this.keys = keys;
        this.delete = delete;
        this.autocommit = autocommit;
        this.now = now;
    }

    @Override
    public boolean wantsRows() {
        return autocommit && participation.mirrorsSynchronously();
    }

    @Override
    public int entries() {
        return keys.size();
    }

    @Override
    public String outboxInsert() {
        return outbox.insertReturning(keys.size());
    }

    @Override
    public List<Object> outboxValues() {
        Object time = outbox.timeValue(now);
        List<Object> values = new ArrayList<>(keys.size() * 3);
        for (OutboxKey key : keys) {
            values.add(key.table());
            values.add(key.key());
            values.add(time);
        }
        return values;
    }

    @Override
    public <T> T execute(SqlFunction<T> statement) throws SQLException {
        return autocommit ? connections.inAutocommit(statement) : connections.singleStatement(statement);
    }

    @Override
    public <E> Returned<E> returned(boolean rowsWanted) {
        return new Collected<>(rowsWanted);
    }

    /**
     * Reports what the statement returned to the participation, which keeps the books. Never throws: the write may have
     * committed already, and a call succeeds iff its primary write did.
     *
     * @param rows the rows as written, as entities; empty for a delete, or if they could not be read (they are then read
     *             back when mirrored, where a failure is logged, not thrown)
     */
    private void written(List<Long> ids, List<String> keyText, List<?> rows) {
        if (ids.size() != keys.size() || keyText.size() != ids.size()) {
            LOG.warn("The outbox insert of {} returned {} ids and {} keys for {} entries; the reconciler finds the "
                    + "entries in the outbox after its grace period", table, ids.size(), keyText.size(), keys.size());
        }
        List<OutboxEntry> entries = new ArrayList<>(ids.size());
        for (int i = 0; i < Math.min(ids.size(), keyText.size()); i++) {
            entries.add(new OutboxEntry(ids.get(i), new OutboxKey(table.table(), keyText.get(i)), now));
        }
        participation.written(table, entries, delete, rows, autocommit);
    }

    private final class Collected<E> implements Returned<E> {
        private final List<Long> ids = new ArrayList<>(entries());
        private final List<String> keyText = new ArrayList<>(entries());
        private final List<E> rows = new ArrayList<>();
        private boolean readable;
        private int written;

        Collected(boolean rowsWanted) {
            readable = rowsWanted;
        }

        @Override
        public void add(Long outboxId, String outboxKey, RowReader<E> row) {
            if (outboxId != null) {
                ids.add(outboxId);
                keyText.add(outboxKey);
                return;
            }
            written++;
            if (readable) {
                try {
                    rows.add(row.read());
                } catch (Exception e) { // the write committed: never fail the call for a row that does not read
                    readable = false;
                }
            }
        }

        @Override
        public int report() {
            written(ids, keyText, readable ? rows : List.of());
            return written;
        }
    }
}
