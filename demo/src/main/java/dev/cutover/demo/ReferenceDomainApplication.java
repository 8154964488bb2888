package dev.cutover.demo;

import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.reference.ReferenceDomain;
import java.util.List;

/**
 * The reference domain as a {@code cutover} application: its six repositories and its six tables, referenced ones
 * first. Registered as a service, so that {@code CUTOVER_CLASSPATH=demo/target/cutover-demo.jar bin/cutover ...} runs
 * the command line on the databases a demo run kept ({@code --keep-databases}).
 */
public final class ReferenceDomainApplication implements CutoverApplication {

    @Override
    public List<Class<?>> repositories() {
        return ReferenceDomain.REPOSITORIES;
    }

    @Override
    public List<MovedTable<?, ?>> tables() {
        return ReferenceDomain.tables(MovedTable::of);
    }

    /** Each table is written by its own repository: {@code verify --repair} follows that repository's write routes. */
    @Override
    public List<Class<?>> writers(MovedTable<?, ?> table) {
        return List.of(ReferenceDomain.writerOf(table.name()));
    }
}
