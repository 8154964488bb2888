package dev.cutover.cdc;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row change read from the legacy database's log: the table, the key the row had before and the key it has after
 * (both for a key change; one of them for an insert or a delete). Only keys: values in the log are never used, the
 * reconciler copies legacy's current row.
 *
 * @param table       the legacy table, as the legacy database names it ({@code shop.clients})
 * @param keyBefore   the key's column values before the change, in key order; empty for an insert
 * @param keyAfter    the key's column values after the change, in key order; empty for a delete
 * @param committedAt when the legacy database committed the change, as its log says
 * @param position    where in the log the change is, in the source's own terms (binlog file and position, GTID, LSN)
 */
public record RowChange(String table, List<Object> keyBefore, List<Object> keyAfter, Instant committedAt, String position) {
    public RowChange {
        Objects.requireNonNull(table, "table");
        keyBefore = List.copyOf(keyBefore);
        keyAfter = List.copyOf(keyAfter);
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(position, "position");
    }
}
