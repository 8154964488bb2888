package dev.cutover.flags.internal;

import dev.cutover.flags.AuditEntry;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.flags.FlagEntry;
import dev.cutover.flags.FlagStoreException;
import dev.cutover.flags.FlagStoreStatus;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.flags.RouteChange;
import dev.cutover.flags.RouteFeatures;
import dev.cutover.flags.RouteFlags;
import dev.cutover.flags.RouteVariables;
import dev.cutover.flags.Rollout;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSwitch;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;

/**
 * The {@link LiveRoutes} built by {@link LiveRoutes#builder}. Reads, publishes and closing are
 * serialized by one lock; routed calls never take it, they read the switches' volatile plans.
 */
public final class DefaultLiveRoutes implements LiveRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRoutes.class);
    static final String FEATURE_MANAGER_NAME = "cutover-live-routes";
    /** The refresher threads' names start with this. */
    public static final String THREAD_NAME_PREFIX = "cutover-live-routes-";
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final int MAX_AUDIT_ROWS = 10_000;
    private static final RouteDecision BUILT_IN = new RouteDecision(RouteVariables.BUILT_IN_DEFAULT, RouteOrigin.DEFAULT,
            RouteVariables.BUILT_IN_DEFAULT_SOURCE);

    private final EnvironmentRoutes environment;
    private final FlagTable table;
    private final Duration pollInterval;
    private final boolean backgroundRefresh;
    private final Clock clock;
    private final String threadName = THREAD_NAME_PREFIX + INSTANCES.incrementAndGet();
    private final AtomicReference<Binding> binding = new AtomicReference<>();
    private final Object lock = new Object();
    private final RouteFlags dryRun = new Changes(true);
    private final RouteFlags changes = new Changes(false);
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}. */
    private ScheduledExecutorService refresher;
    /** The refresher's thread, joined by {@link #close()} so that it is gone when close returns. */
    private volatile Thread refresherThread;

    private DefaultLiveRoutes(DefaultBuilder builder) {
        this.environment = builder.environment.build();
        this.table = new FlagTable(builder.store);
        this.pollInterval = builder.pollInterval;
        this.backgroundRefresh = builder.backgroundRefresh;
        this.clock = builder.clock;
    }

    @Override
    public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
        Objects.requireNonNull(methods, "methods");
        List<RepositoryMethod> bound = List.copyOf(methods);
        synchronized (lock) {
            checkOpen();
            Binding current = binding.get();
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
            Binding fresh = new Binding(bound, fromEnvironment);
            List<StoreRow> rows;
            try {
                rows = table.readAll();
            } catch (SQLException e) {
                if (!fresh.environmentDecidesAll()) {
                    throw new FlagStoreException("Cannot start: the route flag store could not be read: "
                            + FlagTable.describe(e) + ". Cutover does not start without its routes: make the store's"
                            + " database reachable, or set " + RouteVariables.OVERRIDE + ", which starts without it", e);
                }
                // The emergency override must work even when the store's database is what failed.
                LOG.warn("Route flag store unreachable at startup: {}; starting anyway, since environment variables decide"
                        + " every route", FlagTable.describe(e));
                fresh.reachable = false;
                fresh.failure = FlagTable.describe(e);
                rows = null;
            }
            if (rows != null) {
                fresh.lastRead = clock.instant();
                fresh.apply(rows, true);
            }
            binding.set(fresh);
            if (backgroundRefresh) {
                startRefresher();
            }
            return fresh.switchList;
        }
    }

    private void startRefresher() {
        refresher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            refresherThread = thread;
            return thread;
        });
        long nanos = pollInterval.toNanos();
        refresher.scheduleWithFixedDelay(this::refreshInBackground, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void refreshInBackground() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            Binding current = binding.get();
            try {
                current.refresh();
            } catch (RuntimeException e) {
                // An exception would cancel the schedule: report it like an unreachable store, and go on.
                current.unreachable(e.toString());
            }
        }
    }

    @Override
    public FlagStoreStatus refresh() {
        synchronized (lock) {
            checkOpen();
            Binding current = bound();
            current.refresh();
            return current.status();
        }
    }

    @Override
    public FlagStoreStatus status() {
        synchronized (lock) {
            return bound().status();
        }
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
        return dryRun;
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
        Binding current = binding.get();
        if (current == null) {
            throw new IllegalStateException("No FeatureManager yet: its features are made from the routed methods when"
                    + " Cutover.builder().routes(...).build() binds this LiveRoutes");
        }
        return current.featureManager;
    }

    @Override
    public void close() {
        ScheduledExecutorService executor;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            executor = refresher;
            refresher = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            Thread thread = refresherThread;
            try {
                // The executor reports termination just before its thread ends: join the thread itself.
                if (thread != null) {
                    thread.join(TimeUnit.SECONDS.toMillis(10));
                }
                if (thread != null && thread.isAlive()) {
                    LOG.warn("The route refresher {} did not stop within 10 s of close()", threadName);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Names only: the data source's URL and credentials are none of the logs' business. */
    @Override
    public String toString() {
        return "LiveRoutes[store=" + FlagTable.TABLE + ", pollInterval=" + pollInterval.toMillis() + " ms, "
                + environment + "]";
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This LiveRoutes is closed: its routes no longer change; build a new one");
        }
    }

    private Binding bound() {
        Binding current = binding.get();
        if (current == null) {
            throw new IllegalStateException("This LiveRoutes is not bound yet: the targets it knows are the routed methods,"
                    + " bound when Cutover.builder().routes(...).build() runs");
        }
        return current;
    }

    private static void requireText(String value, String name, String meaning) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Every route change is audited: " + name + " must " + meaning + "; got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }

    /** {@link RouteFlags}, writing or (for a dry run) only answering. */
    private final class Changes implements RouteFlags {
        private final boolean dryRun;

        Changes(boolean dryRun) {
            this.dryRun = dryRun;
        }

        @Override
        public RouteChange set(String target, String route, String actor, String reason) {
            return change(target, route, null, actor, reason);
        }

        @Override
        public RouteChange set(String target, Route route, String actor, String reason) {
            Objects.requireNonNull(route, "route");
            return change(target, route.id(), null, actor, reason);
        }

        @Override
        public RouteChange rollout(String method, Rollout rollout, String actor, String reason) {
            Objects.requireNonNull(rollout, "rollout");
            return change(method, rollout.route().id(), rollout, actor, reason);
        }

        @Override
        public RouteChange clear(String target, String actor, String reason) {
            return change(target, null, null, actor, reason);
        }

        /** @param route the route id to set, or {@code null} to clear */
        private RouteChange change(String targetName, String route, Rollout rollout, String actor, String reason) {
            requireText(actor, "actor", "name who makes it");
            requireText(reason, "reason", "say why");
            Binding current;
            synchronized (lock) {
                checkOpen();
                current = bound();
            }
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<String> problems = new ArrayList<>();
            TargetCatalog.Target target = current.catalog.find(targetName);
            if (target == null) {
                problems.add(current.catalog.unknown(targetName));
            }
            StoreRow row = null;
            StoreEntry entry = null;
            if (route != null) {
                row = rollout == null
                        ? new StoreRow(targetName, route, null, List.of(), null, actor, at, reason)
                        : new StoreRow(targetName, route, rollout.percentage(), List.copyOf(rollout.tenants()),
                                rollout.otherwise().id(), actor, at, reason);
                TargetCatalog.Target validatedAs = target != null ? target
                        : new TargetCatalog.Target(String.valueOf(targetName), RouteOrigin.METHOD, List.of());
                entry = StoreEntry.validate(row, validatedAs, String.valueOf(targetName), problems);
            }
            if (!problems.isEmpty()) {
                throw new RouteConfigurationException(problems);
            }
            // What is written is canonical: the target as known, route ids as Route writes them.
            row = entry == null ? null : entry.toRow();
            String to = row == null ? RouteFlags.UNSET : row.describeValue();
            if (dryRun) {
                StoreRow previous;
                try {
                    previous = table.read(target.name());
                } catch (SQLException e) {
                    throw new FlagStoreException("Could not read " + target.name() + " from the route flag store: "
                            + FlagTable.describe(e), e);
                }
                String from = previous == null ? RouteFlags.UNSET : previous.describeValue();
                return new RouteChange(target.name(), from, to, actor, reason, at, true, current.project(target, entry));
            }
            AuditEntry audit;
            try {
                audit = table.change(target.name(), row, actor, reason, at);
            } catch (FlagTable.CommitOutcomeUnknown e) {
                throw new FlagStoreException("The change of " + target.name() + " may or may not have been applied: its"
                        + " commit failed (" + FlagTable.describe(e) + "); its audit log (LiveRoutes.auditLog) says which", e);
            } catch (SQLException e) {
                throw new FlagStoreException("Could not change " + target.name() + " in the route flag store, so nothing"
                        + " changed: " + FlagTable.describe(e), e);
            }
            LOG.info("{} changed {} from {} to {}: {}", actor, target.name(), audit.from(), audit.to(), reason);
            synchronized (lock) {
                if (!closed) {
                    current.refresh();
                }
            }
            return new RouteChange(target.name(), audit.from(), audit.to(), actor, reason, at, false,
                    current.project(target, entry));
        }
    }

    /** The switches of one set of methods and what the store last said. State guarded by {@link #lock}. */
    private final class Binding {
        final List<RepositoryMethod> methods;
        /** The decision of an environment variable, or {@code null} where none applies. */
        final List<RouteDecision> fromEnvironment;
        final TargetCatalog catalog;
        final List<LiveRouteSwitch> switches;
        final List<RouteSwitch> switchList;
        final FeatureManager featureManager;
        private List<StoreRow> lastRows;
        /** The entries in force, by target: valid ones, or the last good value of an invalid one. */
        private Map<String, StoreEntry> entries = Map.of();
        /** Why each ignored entry is ignored, by target. */
        private Map<String, String> ignored = Map.of();
        private boolean reachable = true;
        private Instant lastRead;
        private String failure;

        Binding(List<RepositoryMethod> methods, List<RouteDecision> fromEnvironment) {
            this.methods = methods;
            this.fromEnvironment = fromEnvironment;
            this.catalog = new TargetCatalog(methods);
            List<LiveRouteSwitch> made = new ArrayList<>(methods.size());
            Map<String, LiveRouteSwitch> byFeature = new HashMap<>();
            for (int i = 0; i < methods.size(); i++) {
                LiveRouteSwitch routeSwitch = new LiveRouteSwitch(plan(i, Map.of()));
                made.add(routeSwitch);
                byFeature.put(RouteFeatures.feature(methods.get(i)).name(), routeSwitch);
            }
            this.switches = List.copyOf(made);
            this.switchList = List.copyOf(made);
            this.featureManager = FeatureManagerBuilder.begin()
                    .name(FEATURE_MANAGER_NAME)
                    .featureProvider(new RouteFeatureProvider(methods))
                    .stateRepository(new LiveStateRepository(byFeature))
                    .userProvider(new TenantUserProvider())
                    .activationStrategy(new TenantRolloutStrategy())
                    .build();
        }

        /** Whether a variable decides every method, as {@code CUTOVER_ROUTE_OVERRIDE} does: then the store cannot matter. */
        boolean environmentDecidesAll() {
            return fromEnvironment.stream().allMatch(Objects::nonNull);
        }

        /** Whether an entry for {@code target} can decide a method, that is, one no variable decides. */
        boolean canDecide(TargetCatalog.Target target) {
            return target.methodIndexes().stream().anyMatch(i -> fromEnvironment.get(i) == null);
        }

        void refresh() {
            List<StoreRow> rows;
            try {
                rows = table.readAll();
            } catch (SQLException e) {
                unreachable(FlagTable.describe(e));
                return;
            }
            if (!reachable) {
                LOG.info("Route flag store reachable again; routes follow it again");
            }
            reachable = true;
            failure = null;
            lastRead = clock.instant();
            if (!rows.equals(lastRows)) {
                apply(rows, false);
            }
        }

        void unreachable(String why) {
            if (reachable) {
                LOG.warn("Route flag store unreachable: {}; keeping the routes read at {}", why,
                        lastRead == null ? "startup" : lastRead);
            }
            reachable = false;
            failure = why;
        }

        /**
         * Validates the rows and publishes the plans that changed.
         *
         * @param strict at startup: throw for invalid entries instead of keeping their last good value
         */
        void apply(List<StoreRow> rows, boolean strict) {
            Map<String, StoreEntry> next = new HashMap<>();
            Map<String, String> nowIgnored = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            for (StoreRow row : rows) {
                TargetCatalog.Target target = catalog.find(row.target());
                if (target == null) {
                    nowIgnored.put(row.target(), "Flag store entry '" + row.target() + "' names nothing this application"
                            + " routes (written by another version?); ignored");
                    continue;
                }
                List<String> found = new ArrayList<>();
                StoreEntry entry = StoreEntry.validate(row, target, "Flag store entry " + row.target(), found);
                if (entry != null) {
                    next.put(target.name(), entry);
                } else if (strict && canDecide(target)) {
                    found.forEach(problem -> problems.add(problem + "; correct it through LiveRoutes on a running instance,"
                            + " or in table " + FlagTable.TABLE));
                } else {
                    StoreEntry kept = entries.get(target.name());
                    if (kept != null) {
                        next.put(target.name(), kept);
                    }
                    nowIgnored.put(target.name(), String.join("; ", found) + (kept == null
                            ? "; ignored: the entry is treated as unset, as it was before"
                            : "; ignored: keeping its last good value, " + kept.describeValue() + " (" + kept.provenance() + ")"));
                }
            }
            if (!problems.isEmpty()) {
                throw new RouteConfigurationException(problems);
            }
            nowIgnored.forEach((target, why) -> {
                if (!why.equals(ignored.get(target))) {
                    if (catalog.find(target) == null) {
                        LOG.warn(why);
                    } else {
                        LOG.error(why);
                    }
                }
            });
            entries = next;
            ignored = nowIgnored;
            lastRows = rows;
            for (int i = 0; i < switches.size(); i++) {
                SwitchPlan plan = plan(i, entries);
                if (switches.get(i).publish(plan) && !strict) {
                    LOG.info("Route of {} is now {} [{}]", methods.get(i).qualifiedName(),
                            plan.rollout() == null ? plan.fixed().route().id() : plan.rollout().route().id() + "/"
                                    + plan.rollout().otherwise().id(), plan.summary());
                }
            }
        }

        /** The plan of method {@code i}: an environment variable, else the store's entries by precedence, else legacy. */
        SwitchPlan plan(int i, Map<String, StoreEntry> storeEntries) {
            RouteDecision variable = fromEnvironment.get(i);
            if (variable != null) {
                return SwitchPlan.fixed(variable);
            }
            RepositoryMethod method = methods.get(i);
            StoreEntry entry = storeEntries.get(RouteFlags.OVERRIDE);
            if (entry == null) {
                entry = storeEntries.get(method.qualifiedName());
            }
            if (entry == null) {
                entry = storeEntries.get(method.repository());
            }
            if (entry == null) {
                entry = storeEntries.get(RouteFlags.DEFAULT);
            }
            if (entry == null) {
                return SwitchPlan.fixed(BUILT_IN);
            }
            if (entry.rollout() == null) {
                return SwitchPlan.fixed(new RouteDecision(entry.route(), entry.target().level(), "store: " + entry.provenance()));
            }
            return SwitchPlan.rollout(RouteFeatures.feature(method).name(), entry.rollout(), entry.target().level(),
                    entry.provenance());
        }

        /** The routes, without a tenant, of the methods under {@code target} once its entry is {@code entry} (or none). */
        List<MethodRoute> project(TargetCatalog.Target target, StoreEntry entry) {
            Map<String, StoreEntry> projected;
            synchronized (lock) {
                projected = new HashMap<>(entries);
            }
            if (entry == null) {
                projected.remove(target.name());
            } else {
                projected.put(target.name(), entry);
            }
            List<MethodRoute> routes = new ArrayList<>();
            for (int i : target.methodIndexes()) {
                routes.add(new MethodRoute(methods.get(i), plan(i, projected).decide(null)));
            }
            return routes;
        }

        FlagStoreStatus status() {
            return new FlagStoreStatus(reachable, lastRead, failure, List.copyOf(ignored.values()));
        }
    }

    /** Collects the configuration; each method validates its argument. Not thread-safe. */
    public static final class DefaultBuilder implements LiveRoutes.Builder {
        private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(10);
        private static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(1);

        private final DataSource store;
        private final EnvironmentRoutes.Builder environment = EnvironmentRoutes.builder();
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean backgroundRefresh = true;
        private Clock clock = Clock.systemUTC();

        public DefaultBuilder(DataSource store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        @Override
        public Builder environment(Map<String, String> variables) {
            environment.environment(variables);
            return this;
        }

        @Override
        public Builder knownVariables(String... names) {
            environment.knownVariables(names);
            return this;
        }

        @Override
        public Builder knownVariables(Collection<String> names) {
            environment.knownVariables(names);
            return this;
        }

        @Override
        public Builder pollInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.compareTo(MIN_POLL_INTERVAL) < 0 || interval.compareTo(MAX_POLL_INTERVAL) > 0) {
                throw new IllegalArgumentException("Poll interval " + interval + " is out of range: between 10 ms and 1"
                        + " minute (default " + DEFAULT_POLL_INTERVAL.toMillis() + " ms)");
            }
            this.pollInterval = interval;
            return this;
        }

        @Override
        public Builder backgroundRefresh(boolean enabled) {
            this.backgroundRefresh = enabled;
            return this;
        }

        @Override
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public LiveRoutes build() {
            return new DefaultLiveRoutes(this);
        }
    }
}
