package dev.cutover.flags.internal;

import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.ChangeTool;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.flags.FlagEntry;
import dev.cutover.flags.FlagStoreException;
import dev.cutover.flags.FlagStoreStatus;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.MethodRouting;
import dev.cutover.flags.Rollout;
import dev.cutover.flags.RouteChange;
import dev.cutover.flags.RouteFinding;
import dev.cutover.flags.RouteFlags;
import dev.cutover.flags.RouteVariables;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteSwitch;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.togglz.core.manager.FeatureManager;

/**
 * The {@link LiveRoutes} built by {@link LiveRoutes#builder}: binds the methods ({@link RouteBinding}), makes changes
 * ({@link StoreChanges}) and keeps the routes following the store ({@link StoreWatcher}). Binding, reads and closing are
 * serialized by one lock; routed calls never take it, they read the switches' volatile plans.
 */
public final class DefaultLiveRoutes implements LiveRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);
    /** The refresher threads' names start with this. */
    public static final String THREAD_NAME_PREFIX = "cutover-live-routes-";
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int MAX_AUDIT_ROWS = 10_000;

    private final EnvironmentRoutes environment;
    private final FlagTable table;
    private final Duration pollInterval;
    private final boolean backgroundRefresh;
    private final Clock clock;
    private final DataSource store;
    /** Where the watcher listens, or {@code null} to poll. */
    private final DataSource listenerDataSource;
    private final String osUser = System.getProperty("user.name", "unknown");
    private final String host = hostName();
    private final String threadName = THREAD_NAME_PREFIX + INSTANCES.incrementAndGet();
    private final Object lock = new Object();
    private final StoreChanges changes = new StoreChanges(this, false, false, ChangeTool.API);
    /** Guarded by {@link #lock}; read without it by {@link #featureManager()}. */
    private volatile RouteBinding binding;
    /** Written under {@link #lock}; read without it by the refreshes, which need not wait for a bind or a close. */
    private volatile boolean closed;
    /** Guarded by {@link #lock}. */
    private StoreWatcher watcher;
    /**
     * Reads that confirm notified states, off the watcher's thread so that the next notification is never held up
     * behind them; its thread starts with the first. One queued read confirms every state notified before it starts.
     */
    private final ExecutorService confirmations = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, threadName + "-confirm");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean confirmationQueued = new AtomicBoolean();

    DefaultLiveRoutes(LiveRoutesBuilder builder) {
        this.environment = builder.environment.buildQuietly();
        this.table = new FlagTable(builder.store);
        this.pollInterval = builder.pollInterval;
        this.backgroundRefresh = builder.backgroundRefresh;
        this.clock = builder.clock;
        this.store = builder.store;
        this.listenerDataSource = !builder.notifications ? null
                : builder.listenerDataSource != null ? builder.listenerDataSource : builder.store;
    }

    @Override
    public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
        Objects.requireNonNull(methods, "methods");
        List<RepositoryMethod> bound = List.copyOf(methods);
        synchronized (lock) {
            checkOpen();
            RouteBinding current = binding;
            if (current != null) {
                if (current.methods.equals(bound)) {
                    return current.switchList;
                }
                throw new IllegalStateException("This LiveRoutes is already bound to the methods of "
                        + current.methods.stream().map(RepositoryMethod::repository).distinct().toList()
                        + "; its switches and refresher belong to one Cutover, so create one LiveRoutes per Cutover");
            }
            List<RouteDecision> fromEnvironment = new ArrayList<>(bound.size());
            for (RouteSwitch routeSwitch : environment.bind(bound)) {
                RouteDecision decision = routeSwitch.current();
                fromEnvironment.add(decision.source().equals(RouteVariables.BUILT_IN_DEFAULT_SOURCE) ? null : decision);
            }
            RouteBinding fresh = new RouteBinding(bound, fromEnvironment);
            try {
                FlagTable.Versioned read = table.readVersioned();
                fresh.started(read.rows(), read.version(), clock.instant());
            } catch (SQLException e) {
                if (!fresh.environmentDecidesAll()) {
                    throw new FlagStoreException("Cannot start: the route flag store could not be read: "
                            + FlagTable.describe(e) + ". Cutover does not start without its routes: make the store's"
                            + " database reachable, or set " + RouteVariables.OVERRIDE + ", which starts without it", e);
                }
                // The emergency override must work even when the store's database is what failed.
                LOG.warn("Route flag store unreachable at startup: {}; starting anyway, since environment variables decide"
                        + " every route", FlagTable.describe(e));
                fresh.startedUnreachable(FlagTable.describe(e));
            }
            binding = fresh;
            if (backgroundRefresh) {
                watcher = StoreWatcher.start(threadName, pollInterval, listenerDataSource, store, this::refreshQuietly,
                        this::notifiedQuietly);
            }
            return fresh.switchList;
        }
    }

    /**
     * Reads the store and publishes what changed; an unreachable store is recorded, never thrown. Reads run
     * concurrently (the watcher's and a change's own); the binding applies a read only if none that started later was
     * applied, so an older answer never replaces a newer one.
     */
    private void refreshNow(RouteBinding current) {
        long ticket = current.nextRead();
        try {
            FlagTable.Versioned read = table.readVersioned();
            current.read(ticket, read.rows(), read.version(), clock.instant());
        } catch (SQLException e) {
            current.unreachable(ticket, FlagTable.describe(e));
        }
    }

    /** The watcher's read: after close, nothing; never throws, which would stop the watcher. */
    private void refreshQuietly() {
        RouteBinding current = binding;
        if (!closed && current != null) {
            try {
                refreshNow(current);
            } catch (RuntimeException e) {
                current.unreachable(current.nextRead(), e.toString());
            }
        }
    }

    /**
     * The watcher's notifications: the newest state they carry is applied at once, then confirmed by a read (anyone who
     * can connect can notify; a state the store does not hold is replaced by what it does). One that does not carry a
     * state (too long to notify, or of another release) is only read.
     */
    private void notifiedQuietly(List<String> payloads) {
        RouteBinding current = binding;
        if (closed || current == null) {
            return;
        }
        StoreNotification newest = StoreNotification.newest(payloads);
        if (newest == null || newest.rows() == null) {
            refreshQuietly();
            return;
        }
        try {
            if (!current.notified(newest.rows(), newest.version(), clock.instant())) {
                return; // this instance holds that state already (its own change, or a read that overtook it)
            }
        } catch (RuntimeException e) {
            LOG.debug("A notified state could not be applied; reading the store", e);
            refreshQuietly();
            return;
        }
        confirmSoon();
    }

    private void confirmSoon() {
        if (confirmationQueued.compareAndSet(false, true)) {
            try {
                confirmations.execute(() -> {
                    confirmationQueued.set(false);
                    refreshQuietly();
                });
            } catch (RejectedExecutionException e) {
                confirmationQueued.set(false); // closed meanwhile
            }
        }
    }

    /**
     * After this instance's own change: its routes follow at once, without waiting for the watcher, from the rows the
     * change read under its lock and wrote (no other change came between them), without another read.
     */
    void publishAfterChange(List<StoreRow> rows, long version) {
        RouteBinding current = binding;
        if (!closed && current != null) {
            current.read(current.nextRead(), rows, version, clock.instant());
        }
    }

    @Override
    public FlagStoreStatus refresh() {
        checkOpen();
        refreshNow(bound());
        return status();
    }

    @Override
    public FlagStoreStatus status() {
        StoreWatcher current;
        synchronized (lock) {
            current = watcher;
        }
        return bound().status(current != null && current.listening());
    }

    @Override
    public List<MethodRouting> routing() {
        return bound().routing();
    }

    @Override
    public List<RouteFinding> findings() {
        return bound().staleReads();
    }

    @Override
    public RouteChange set(String target, String route, String actor, String reason) {
        return changes.set(target, route, actor, reason);
    }

    @Override
    public RouteChange set(String target, Route route, String actor, String reason) {
        return changes.set(target, route, actor, reason);
    }

    @Override
    public RouteChange rollout(String method, Rollout rollout, String actor, String reason) {
        return changes.rollout(method, rollout, actor, reason);
    }

    @Override
    public RouteChange clear(String target, String actor, String reason) {
        return changes.clear(target, actor, reason);
    }

    @Override
    public RouteFlags dryRun() {
        return changes.dryRun();
    }

    @Override
    public RouteFlags via(ChangeTool tool) {
        return changes.via(tool);
    }

    @Override
    public RouteFlags forced() {
        return changes.forced();
    }

    @Override
    public List<AuditEntry> auditLog(int limit) {
        return readAuditLog(null, limit);
    }

    @Override
    public List<AuditEntry> auditLog(String target, int limit) {
        Objects.requireNonNull(target, "target");
        return readAuditLog(target, limit);
    }

    @Override
    public List<FlagEntry> entries() {
        try {
            List<FlagEntry> entries = new ArrayList<>();
            for (StoreRow row : table.readAll()) {
                entries.add(new FlagEntry(row.target(), row.describeValue(), row.setBy(), row.setAt(), row.reason()));
            }
            return List.copyOf(entries);
        } catch (SQLException e) {
            throw new FlagStoreException("Could not read the entries of the route flag store: " + FlagTable.describe(e), e);
        }
    }

    private List<AuditEntry> readAuditLog(String target, int limit) {
        if (limit < 1 || limit > MAX_AUDIT_ROWS) {
            throw new IllegalArgumentException("An audit log read takes 1 to " + MAX_AUDIT_ROWS + " rows; got " + limit);
        }
        try {
            return table.auditLog(target, limit);
        } catch (SQLException e) {
            throw new FlagStoreException("Could not read the audit log of the route flag store: " + FlagTable.describe(e), e);
        }
    }

    @Override
    public FeatureManager featureManager() {
        RouteBinding current = binding;
        if (current == null) {
            throw new IllegalStateException("No FeatureManager yet: its features are made from the routed methods when"
                    + " Cutover.builder().routes(...).build() binds this LiveRoutes");
        }
        return current.featureManager;
    }

    @Override
    public void close() {
        StoreWatcher stopping;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = watcher;
            watcher = null;
        }
        if (stopping != null) {
            stopping.close();
        }
        confirmations.shutdown();
        try {
            if (!confirmations.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("A read of the route flag store confirming a notified state did not end within 10 s of close()");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Names only: the data source's URL and credentials are none of the logs' business. */
    @Override
    public String toString() {
        return "LiveRoutes[store=" + FlagTable.TABLE + ", " + (listenerDataSource == null ? "polled" : "notified on "
                + StoreListener.CHANNEL + ", polled while not listening") + " every " + pollInterval.toMillis() + " ms, "
                + environment + "]";
    }

    /** The binding, for a change: fails after close and before bind. */
    RouteBinding openBinding() {
        synchronized (lock) {
            checkOpen();
            return bound();
        }
    }

    Clock clock() {
        return clock;
    }

    FlagTable table() {
        return table;
    }

    /** What this process declares about itself in the audit rows it writes. */
    AuditTable.Declared declared(ChangeTool tool) {
        return new AuditTable.Declared(osUser, host, tool.id());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This LiveRoutes is closed: its routes no longer change; build a new one");
        }
    }

    private RouteBinding bound() {
        RouteBinding current = binding;
        if (current == null) {
            throw new IllegalStateException("This LiveRoutes is not bound yet: the targets it knows are the routed methods,"
                    + " bound when Cutover.builder().routes(...).build() runs");
        }
        return current;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Objects.requireNonNullElse(System.getenv("HOSTNAME"), "unknown");
        }
    }
}
