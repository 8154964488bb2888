package dev.cutover.cdc.debezium;

import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.RowChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that keeps every change it accepted, in order. */
final class Collected implements ChangeFeed.Sink {
    final List<RowChange> changes = new CopyOnWriteArrayList<>();

    @Override
    public void accept(List<RowChange> batch) {
        changes.addAll(batch);
    }

    /** The (before, after) key pairs of the table's ROW changes, in order. */
    List<List<List<Object>>> keys(String table) {
        return changes.stream().filter(c -> c.kind() == RowChange.Kind.ROW && c.table().equals(table))
                .map(c -> List.of(c.keyBefore(), c.keyAfter())).toList();
    }
}
