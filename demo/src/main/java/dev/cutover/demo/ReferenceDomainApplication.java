package dev.cutover.demo;

import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.legacy.LegacyTables;
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
        return List.of(MovedTable.of(Mappings.COMPANIES, LegacyTables.COMPANIES),
                MovedTable.of(Mappings.CLIENTS, LegacyTables.CLIENTS),
                MovedTable.of(Mappings.STAFF, LegacyTables.STAFF),
                MovedTable.of(Mappings.SERVICES, LegacyTables.SERVICES),
                MovedTable.of(Mappings.STAFF_SERVICES, LegacyTables.STAFF_SERVICES),
                MovedTable.of(Mappings.BOOKINGS, LegacyTables.BOOKINGS));
    }
}
