package dev.cutover.cli;

import java.util.List;
import java.util.Set;

/**
 * What the {@code cutover} command needs to know about an application: its routed repository interfaces and the
 * tables that move. The command line is generic; an application makes itself known by putting a class
 * implementing this interface on the class path, named in {@code META-INF/services/dev.cutover.cli.CutoverApplication}
 * (or by {@code CUTOVER_APPLICATION}, when there are several). It needs a public no-argument constructor.
 *
 * <pre>{@code
 * public final class BookingApplication implements CutoverApplication {
 *     public List<Class<?>> repositories() { return List.of(ClientRepository.class, BookingRepository.class); }
 *     public List<MovedTable<?, ?>> tables() {
 *         return List.of(MovedTable.of(Mappings.CLIENTS, LegacyTables.CLIENTS), MovedTable.of(Mappings.BOOKINGS, LegacyTables.BOOKINGS));
 *     }
 * }
 * }</pre>
 */
public interface CutoverApplication {

    /** The repository interfaces the application routes (their methods are what {@code status} and {@code flags} show). */
    List<Class<?>> repositories();

    /** The tables that move, in the order backfill and verify take them (referenced tables first). */
    List<MovedTable<?, ?>> tables();

    /**
     * The repository interfaces whose write methods write {@code table}: {@code cutover verify --repair} queues the rows
     * verify finds different in the outbox of the primary of their write routes. Every repository unless overridden, so
     * that a table is repaired only while every write method of the application has one primary; override it (for
     * example {@code List.of(ClientRepository.class)} for {@code clients}) to repair tables whose repositories are on
     * routes of different primaries.
     */
    default List<Class<?>> writers(MovedTable<?, ?> table) {
        return repositories();
    }

    /**
     * The application's own {@code CUTOVER_} variables, as it declares them with
     * {@code EnvironmentRoutes.builder().knownVariables(...)}: {@code flags validate} leaves them alone, as the
     * application does at startup. None unless overridden.
     */
    default Set<String> knownVariables() {
        return Set.of();
    }
}
