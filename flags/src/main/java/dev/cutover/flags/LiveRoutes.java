package dev.cutover.flags;

import dev.cutover.flags.internal.LiveRoutesBuilder;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.togglz.core.manager.FeatureManager;

/**
 * Routes from a shared flag store in PostgreSQL, changed at runtime and seen by every instance in milliseconds
 * (notified through PostgreSQL {@code LISTEN}/{@code NOTIFY}), or within one poll interval (250 ms by default) while an
 * instance cannot listen, with the environment variables of {@link EnvironmentRoutes} still beating the store.
 *
 * <pre>{@code
 * try (LiveRoutes routes = LiveRoutes.builder(flagDataSource).build();
 *      Cutover cutover = Cutover.builder().routes(routes)...build()) {
 *     routes.set("ClientRepository.findById", "postgres", "alice", "canary after verify run 42");
 *     routes.rollout("ClientRepository.save", Rollout.of(Route.POSTGRES, 25), "alice", "25% of tenants");
 * }
 * }</pre>
 *
 * <p>The store is two tables in schema {@code cutover}, created by Cutover's migrations (Flyway,
 * {@code classpath:db/cutover/postgres}): {@code route_flag}, one entry per target, and
 * {@code route_flag_audit}, one row per change. Precedence, highest first: {@code CUTOVER_ROUTE_OVERRIDE},
 * the method's, the repository's and the default variable; then the store's {@value RouteFlags#OVERRIDE},
 * method, repository and {@value RouteFlags#DEFAULT} entries; then {@code legacy}.
 *
 * <p>{@link #bind} validates the variables, reads the store (failing with {@link FlagStoreException} if
 * it cannot, and with a {@link dev.cutover.routing.RouteConfigurationException} for invalid entries),
 * and starts one daemon thread that keeps one connection listening on channel {@code cutover_route_flag}, which every
 * change of the store notifies with the store's whole new state and version (triggers, migrations V202 and V203). It
 * applies a notified state at once, then reads the store to confirm it (anyone who can connect may notify: a state the
 * store does not hold is logged as an error and replaced by the store's); a state too long to notify is read. At rest it
 * sends the store no query but a check of that connection every 30 s. While the connection is down it reads the store every poll
 * interval and reconnects with a growing backoff (0.1 s to 10 s), reading once more when back. When the entries change it
 * recomputes every method's decision and publishes it into the method's switch, so a routed call still
 * reads a precomputed decision; a method under a {@link Rollout} also hashes the call's
 * {@link dev.cutover.routing.Tenant} and compares. At runtime, an invalid entry (edited by hand) is logged
 * once and its last good value kept; an unreachable store keeps the last routes, logged once per change
 * of state. {@link #close()} stops the thread; the switches keep their last decisions.
 *
 * <p>Thread-safe. One instance binds one set of methods, like {@link EnvironmentRoutes}. {@code Cutover.close()}
 * closes it, before the adapters; closed otherwise, close it before the pool behind its {@link DataSource}.
 */
public interface LiveRoutes extends RouteSource, RouteFlags, AutoCloseable {

    /** The default time between two reads of the store. */
    Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    /**
     * A builder of routes stored in the database of {@code store}: usually the target PostgreSQL's pool.
     * The source borrows one connection per read and per change, and holds one while it listens (see
     * {@link Builder#listenerDataSource}).
     */
    static Builder builder(DataSource store) {
        return new LiveRoutesBuilder(store);
    }

    /**
     * Validates the variables, reads the store, binds one switch per method and starts the refresher.
     *
     * @throws dev.cutover.routing.RouteConfigurationException listing every invalid variable or store entry
     * @throws FlagStoreException if the store cannot be read
     * @throws IllegalStateException if already bound to other methods, or closed
     */
    @Override
    List<RouteSwitch> bind(List<RepositoryMethod> methods);

    /**
     * How every method is routed now on this instance (its variables, then the store as last read), rollouts
     * included: what {@link RouteChangeCheck} is given.
     *
     * @throws IllegalStateException before {@link #bind}
     */
    List<MethodRouting> routing();

    /**
     * The stale reads of the routes in force on this instance ({@link RouteChangeCheck#staleReads}): empty unless a
     * change was {@linkplain RouteFlags#forced() forced} or variables set them. Each new one is also logged at WARN.
     *
     * @throws IllegalStateException before {@link #bind}
     */
    List<RouteFinding> findings();

    /**
     * The store's entries as stored now, read at once, sorted by target: for operators' tools, which show them
     * beside the routes they decide.
     *
     * @throws FlagStoreException if the store cannot be read
     */
    List<FlagEntry> entries();

    /** The newest {@code limit} rows of the audit log, newest first. */
    List<AuditEntry> auditLog(int limit);

    /** The newest {@code limit} rows of the audit log for one target, newest first. */
    List<AuditEntry> auditLog(String target, int limit);

    /**
     * Reads the store now and publishes what changed, as the refresher does; never throws for an
     * unreachable store, which the answer reports.
     */
    FlagStoreStatus refresh();

    /** The outcome of the last read. */
    FlagStoreStatus status();

    /**
     * The Togglz view, built by {@link #bind}: one feature per method (see {@link RouteFeatures}), state as
     * decided now, a rollout as the activation strategy {@code cutover-tenant-rollout} (parameters
     * {@code percentage}, {@code tenants}, {@code otherwise}) and the current {@link dev.cutover.routing.Tenant}
     * as the user. Read-only: change routes through {@link RouteFlags}, which validates and audits.
     *
     * @throws IllegalStateException before {@link #bind}
     */
    FeatureManager featureManager();

    /** Stops the refresher and waits for it; the switches keep their last decisions. Idempotent. */
    @Override
    void close();

    /** Configures a {@link LiveRoutes}; each method validates its argument, quoting a bad value. Not thread-safe. */
    interface Builder {

        /** The environment to read instead of {@link System#getenv()}; see {@link EnvironmentRoutes.Builder#environment}. */
        Builder environment(Map<String, String> environment);

        /** See {@link EnvironmentRoutes.Builder#knownVariables(String...)}. */
        Builder knownVariables(String... names);

        /** See {@link EnvironmentRoutes.Builder#knownVariables(Collection)}. */
        Builder knownVariables(Collection<String> names);

        /**
         * The time between two reads of the store: {@link #DEFAULT_POLL_INTERVAL} unless set. A flip reaches
         * every instance within about this interval plus one read.
         *
         * @throws IllegalArgumentException quoting an interval under 10 ms or over 1 minute
         */
        Builder pollInterval(Duration interval);

        /**
         * Whether a thread keeps the routes following the store (the default). Without it, routes change
         * only on {@link LiveRoutes#refresh()} and on this instance's own changes: for tests, for one-shot tools
         * such as the {@code cutover} command, and for applications that schedule reads themselves.
         */
        Builder backgroundRefresh(boolean enabled);

        /**
         * Whether the thread listens for changes ({@code LISTEN}/{@code NOTIFY}, the default) and polls only while it
         * cannot; without it, it polls every poll interval. Listening needs PgJDBC's connections; without them the
         * thread polls, as it says once at WARN.
         */
        Builder notifications(boolean enabled);

        /**
         * Where the listening connection comes from: the store's data source unless set. Set it when the store's
         * connections pass through a pooler in transaction mode (PgBouncer), where {@code LISTEN} does not work, or to
         * keep the listening connection out of the application's pool. The same database as the store.
         */
        Builder listenerDataSource(DataSource dataSource);

        /** The clock of the audit log's timestamps and of {@link FlagStoreStatus#lastRead()}; UTC system clock unless set. */
        Builder clock(Clock clock);

        LiveRoutes build();
    }
}
