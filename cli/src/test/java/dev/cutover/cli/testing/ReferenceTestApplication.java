package dev.cutover.cli.testing;

import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.reference.ReferenceDomain;
import java.util.List;

/** The reference domain as a {@code cutover} application: its repositories and its six tables, referenced ones first. */
public final class ReferenceTestApplication implements CutoverApplication {

    @Override
    public List<Class<?>> repositories() {
        return ReferenceDomain.REPOSITORIES;
    }

    @Override
    public List<MovedTable<?, ?>> tables() {
        return ReferenceDomain.tables(MovedTable::of);
    }
}
