package dev.cutover.cli.internal.routes;

import dev.cutover.Cutover;
import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.internal.CliException;
import dev.cutover.cli.internal.Setting;
import dev.cutover.flags.FlagStoreException;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.jdbc.Redaction;
import dev.cutover.jdbc.SqlStates;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The routes an instance would serve, from this process's environment and the shared flag store, read once (no
 * refresher thread): {@link #live()} changes the store, {@link #cutover()} answers the route table.
 */
public final class StoreRoutes implements AutoCloseable {
    private final LiveRoutes live;
    private final Cutover cutover;

    private StoreRoutes(LiveRoutes live, Cutover cutover) {
        this.live = live;
        this.cutover = cutover;
    }

    /**
     * Reads the store and binds the application's methods, as an instance starting now would.
     *
     * @throws dev.cutover.routing.RouteConfigurationException for invalid variables or store entries
     * @throws CliException if the store cannot be read, saying why for an operator
     */
    public static StoreRoutes open(CutoverApplication application, Map<String, String> environment, DataSource store) {
        LiveRoutes live = LiveRoutes.builder(store).environment(environment)
                .knownVariables(application.knownVariables()).backgroundRefresh(false).build();
        try {
            return new StoreRoutes(live, RouteTables.bind(application, live)); // a failed bind closes live
        } catch (FlagStoreException e) {
            throw new CliException(SqlStates.missingTable(e.sqlState()) ? "flag-store-missing" : "flag-store-unreadable",
                    describe(e), SqlStates.missingTable(e.sqlState()) ? "run 'cutover migrate'" : null, e);
        }
    }

    /** The store's failure for an operator: the instance's "cannot start" wording does not apply to the command. */
    static String describe(FlagStoreException e) {
        Throwable cause = e.getCause();
        String state = e.sqlState();
        if (SqlStates.missingTable(state)) {
            return "The flag store (table cutover.route_flag in " + Setting.POSTGRES_URL.variable() + "'s database) does not"
                    + " exist [SQLState " + state + "]: run 'cutover migrate' first (an instance"
                    + " with dual-write creates it at startup)";
        }
        return "The flag store in " + Setting.POSTGRES_URL.variable() + "'s database could not be read: "
                + Redaction.text(String.valueOf(cause == null ? e.getMessage() : cause.getMessage())).replace('\n', ' ')
                + (state == null ? "" : " [SQLState " + state + "]");
    }

    public LiveRoutes live() {
        return live;
    }

    public Cutover cutover() {
        return cutover;
    }

    /** Closes the route source (through the Cutover, which owns it). */
    @Override
    public void close() {
        cutover.close();
    }
}
