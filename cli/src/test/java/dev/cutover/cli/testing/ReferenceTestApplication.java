package dev.cutover.cli.testing;

import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.reference.ReferenceDomain;
import java.util.List;

/** The reference domain as a {@code cutover} application: its repositories and its six tables, referenced ones first,
 * each written by its own repository. */
public final class ReferenceTestApplication implements CutoverApplication {

    @Override
    public List<Class<?>> repositories() {
        return ReferenceDomain.REPOSITORIES;
    }

    @Override
    public List<MovedTable<?, ?>> tables() {
        return ReferenceDomain.tables(MovedTable::of);
    }

    /** Each table is written by its own repository. */
    @Override
    public List<Class<?>> writers(MovedTable<?, ?> table) {
        return List.of(ReferenceDomain.writerOf(table.name()));
    }
}
