package dev.cutover;

import dev.cutover.backend.BackendAdapter;
import dev.cutover.internal.DefaultCutover;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.spi.BackendCallDecorator;
import dev.cutover.routing.spi.RouteHandler;
import dev.cutover.tx.TransactionCallback;
import dev.cutover.tx.TransactionRunnable;
import java.util.List;

/**
 * Routed repositories: for each repository interface, one object that sends every call to the legacy
 * or the PostgreSQL implementation, as the method's route says.
 *
 * <pre>{@code
 * Cutover cutover = Cutover.builder()
 *         .legacy(legacyAdapter)
 *         .postgres(postgresAdapter)
 *         .routes(EnvironmentRoutes.fromEnvironment())
 *         .repository(ClientRepository.class, new LegacyClientRepository(legacyAdapter),
 *                 new PostgresClientRepository(postgresAdapter))
 *         .build();
 * ClientRepository clients = cutover.repository(ClientRepository.class);
 * }</pre>
 *
 * <p>Calls are dispatched through a table built once by {@link Builder#build()}: no reflection lookup
 * and no string building per call. A call inside {@link #transaction} uses the routes pinned when the
 * unit of work began.
 *
 * <p>Thread-safe. {@link #close()} closes the adapters given to the builder.
 */
public interface Cutover extends AutoCloseable {

    static Builder builder() {
        return new DefaultCutover.DefaultBuilder();
    }

    /**
     * The routed implementation of a repository interface registered with the builder.
     *
     * @throws IllegalArgumentException naming the registered interfaces, if {@code type} is not one
     */
    <R> R repository(Class<R> type);

    /** The route table: every routed method, its kind, its current route and where the route came from. */
    List<MethodRoute> routes();

    /**
     * Runs {@code work} as one unit of work: on each backend it touches, every repository call joins one
     * transaction, committed when {@code work} returns and rolled back when it throws. Routes are pinned
     * when the unit begins. A nested call joins the outer unit. Atomicity holds per backend.
     */
    <T, X extends Throwable> T transactionResult(TransactionCallback<T, X> work) throws X;

    /** {@link #transactionResult} for work that returns nothing. */
    <X extends Throwable> void transaction(TransactionRunnable<X> work) throws X;

    /**
     * Closes what the builder was given: resources registered with {@link Builder#closeOnClose} (last first),
     * the route source if it is {@link AutoCloseable}, then the adapters, releasing every pool and thread.
     * Idempotent.
     */
    @Override
    void close();

    /** Collects adapters, repositories and the route source. Not thread-safe. */
    interface Builder {
        /** The legacy adapter; closed by {@link Cutover#close()}. */
        Builder legacy(BackendAdapter adapter);

        /** The PostgreSQL adapter; closed by {@link Cutover#close()}. */
        Builder postgres(BackendAdapter adapter);

        /** Where routes come from. Required. */
        Builder routes(RouteSource source);

        /** Registers a repository interface with its two implementations. */
        <R> Builder repository(Class<R> type, R legacyImplementation, R postgresImplementation);

        /**
         * What calls of {@code kind} on {@code route} do (dual-write, shadow reads, fallback); see
         * {@link dev.cutover.routing.spi.RouteHandler}. One handler per route and kind.
         */
        Builder handle(Route route, MethodKind kind, RouteHandler handler);

        /**
         * Wraps every backend call (resilience, metrics); see {@link dev.cutover.routing.spi.BackendCallDecorator}.
         * The first registered is the outermost.
         */
        Builder decorateBackendCalls(BackendCallDecorator decorator);

        /**
         * Something {@link Cutover#close()} closes (an executor, a reconciler), before the adapters, in the
         * reverse order of registration. A route source that is {@link AutoCloseable} is closed too.
         */
        Builder closeOnClose(AutoCloseable resource);

        /**
         * Classifies every method, binds the routes and builds the dispatch tables.
         *
         * <p>When it throws, it has closed what was registered with {@link #closeOnClose} (and the route source, if it was
         * bound), not the adapters: those stay the caller's until a Cutover is built.
         *
         * @throws dev.cutover.routing.RepositoryDefinitionException for a method that is neither read nor write
         * @throws dev.cutover.routing.RouteConfigurationException for routes that cannot be served
         */
        Cutover build();
    }
}
