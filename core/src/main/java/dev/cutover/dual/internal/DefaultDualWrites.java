package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.compare.Comparison;
import dev.cutover.dual.Backlog;
import dev.cutover.dual.DualWriteConfigurationException;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.dual.Reconciler;
import dev.cutover.dual.ReconcilerStats;
import dev.cutover.dual.WriteKeys;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.routing.MethodKind;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.spi.RouteHandler;
import dev.cutover.routing.spi.RoutedCall;
import dev.cutover.store.EntityStore;
import dev.cutover.tx.internal.UnitOfWorkContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link DualWrites} of {@link DualWrites#custom()}: the write handler of both dual routes. Thread-safe. */
public final class DefaultDualWrites implements DualWrites, RouteHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DualWrites.class);
    private static final RouteDecision[] NO_ROUTES = {};

    private final MirrorMode mode;
    private final Clock clock;
    private final Map<Backend, Outbox> outboxes;
    private final Map<Class<?>, Map<String, WritePlan>> plans;
    private final Map<String, MirroredTable<?, ?>> tables;
    private final DefaultReconciler reconciler;
    /** Per backend, its stores of the mirrored tables, by identity: the writes that may carry their outbox entries. */
    private final Map<Backend, Map<EntityStore<?, ?>, MirroredTable<?, ?>>> primaryStores = new EnumMap<>(Backend.class);
    /** Per backend, its outbox if that can ride inside a store's statement. */
    private final Map<Backend, TableOutbox> cooperativeOutboxes = new EnumMap<>(Backend.class);
    private final MeterRegistry registry;
    private final AtomicBoolean installed = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The key of this object's state in a unit of work; a private object so that nothing else can reach it. */
    private final Object unitKey = new Object();

    private DefaultDualWrites(DefaultBuilder builder, Map<Class<?>, Map<String, WritePlan>> plans) {
        this.mode = builder.mode;
        this.clock = builder.clock;
        this.outboxes = new EnumMap<>(builder.outboxes);
        this.plans = Map.copyOf(plans);
        this.tables = Map.copyOf(builder.tables);
        this.registry = builder.registry;
        for (Backend backend : Backend.values()) {
            Map<EntityStore<?, ?>, MirroredTable<?, ?>> stores = new IdentityHashMap<>();
            tables.values().forEach(table -> stores.put(table.store(backend), table));
            primaryStores.put(backend, Collections.unmodifiableMap(stores));
            if (outboxes.get(backend) instanceof TableOutbox table && table.insertsInStatement()) {
                cooperativeOutboxes.put(backend, table);
            }
        }
        this.reconciler = new DefaultReconciler(outboxes, tables, builder.comparison, clock, builder.batchSize,
                builder.pollInterval, builder.gracePeriod, new Backoff(builder.backoffInitial, builder.backoffMax),
                builder.queueCapacity);
    }

    @Override
    public Cutover.Builder install(Cutover.Builder builder) {
        Objects.requireNonNull(builder, "builder");
        if (closed.get()) {
            throw new IllegalStateException("This DualWrites is closed; build a new one");
        }
        if (!installed.compareAndSet(false, true)) {
            throw new IllegalStateException("This DualWrites is installed already; one DualWrites serves one Cutover");
        }
        builder.handle(Route.LEGACY_DUAL, MethodKind.WRITE, this)
                .handle(Route.POSTGRES_DUAL, MethodKind.WRITE, this)
                .closeOnClose(this);
        if (registry != null) {
            registerMetrics(registry);
        }
        reconciler.start();
        LOG.info("Dual-write: {} mirroring of {} repositories over tables {}; outbox of legacy-primary writes: {}; "
                + "of postgres-primary writes: {}", mode.name().toLowerCase(java.util.Locale.ROOT), plans.size(),
                tables.keySet(), outboxes.get(Backend.LEGACY).description(), outboxes.get(Backend.POSTGRES).description());
        return builder;
    }

    @Override
    public Reconciler reconciler() {
        return reconciler;
    }

    @Override
    public List<Backlog> outboxBacklog() {
        return reconciler.backlog();
    }

    @Override
    public Optional<ReconcilerStats> reconcilerStats() {
        return Optional.of(reconciler.stats());
    }

    @Override
    public Reconciler startReconciler() {
        if (closed.get()) {
            throw new IllegalStateException("This DualWrites is closed; build a new one");
        }
        reconciler.start();
        return reconciler;
    }

    @Override
    public MirrorMode mode() {
        return mode;
    }

    /**
     * Outside a unit of work, the call runs in a unit of its own whose transaction on the primary begins only when a
     * statement needs it: a store's write that carries its outbox entries ({@link CooperativeWrite}) before that runs in
     * autocommit, one round trip, atomic by itself. Whatever else the call writes is recorded in the transaction, as
     * inside a caller's unit of work, before it commits.
     */
    @Override
    public Object handle(RoutedCall call) throws Throwable {
        Backend primary = call.decision().route().primary();
        WritePlan plan = plan(call.method());
        UnitOfWorkContext unit = UnitOfWorkContext.current();
        if (unit != null) {
            CooperativeWrite.ActiveCall active = activeCall(primary, unit, false);
            Object result = invoke(call, active);
            record(unit, primary, plan.keys(call.arguments(), result, active), false);
            return result;
        }
        UnitOfWorkContext own = UnitOfWorkContext.begin(unitKey, NO_ROUTES);
        CooperativeWrite.ActiveCall active = activeCall(primary, own, true);
        Object result;
        boolean begun; // whether the call's own statements ran in a transaction: then they may have written rows again
        try {
            result = invoke(call, active);
            begun = transactionBegun(own, active);
            List<OutboxKey> keys = plan.keys(call.arguments(), result, active);
            if (active.anyCommitted() && !begun) {
                keys = withoutCommitted(keys, active);
            }
            record(own, primary, keys, true); // may begin the transaction, for outbox rows only
        } catch (Throwable failure) {
            try {
                own.finish(false);
            } catch (RuntimeException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            completedInAutocommit(primary, active, transactionBegun(own, active));
            throw failure;
        }
        try {
            own.finish(true);
        } finally {
            completedInAutocommit(primary, active, begun);
        }
        return result;
    }

    private CooperativeWrite.ActiveCall activeCall(Backend primary, UnitOfWorkContext unit, boolean lazy) {
        return new CooperativeWrite.ActiveCall(this, primary, unit, lazy, cooperativeOutboxes.get(primary),
                primaryStores.get(primary));
    }

    private static Object invoke(RoutedCall call, CooperativeWrite.ActiveCall active) throws Throwable {
        CooperativeWrite.ActiveCall previous = CooperativeWrite.activate(active);
        try {
            return call.invoke(active.primary);
        } finally {
            CooperativeWrite.restore(previous);
        }
    }

    private static boolean transactionBegun(UnitOfWorkContext unit, CooperativeWrite.ActiveCall active) {
        return active.outbox != null && unit.hasConnection(active.outbox.connections());
    }

    /** The keys that no write in autocommit recorded with itself. */
    private static List<OutboxKey> withoutCommitted(List<OutboxKey> keys, CooperativeWrite.ActiveCall active) {
        Set<OutboxKey> recorded = new java.util.HashSet<>();
        active.committed.forEach(entry -> recorded.add(entry.key()));
        List<OutboxKey> rest = new ArrayList<>(keys.size());
        for (OutboxKey key : keys) {
            if (!recorded.contains(key)) {
                rest.add(key);
            }
        }
        return rest;
    }

    /**
     * Mirrors (or hands over) the entries that writes in autocommit committed, whatever became of the call. Their rows as
     * the statements returned them are the primary's current ones unless a transaction of the call may have written
     * them again; then they are read back.
     */
    private void completedInAutocommit(Backend primary, CooperativeWrite.ActiveCall active, boolean transactionBegun) {
        if (active.anyCommitted()) {
            completed(primary, active.committed, true, transactionBegun ? Map.of() : active.rows);
        }
    }

    Instant now() {
        return clock.instant();
    }

    private WritePlan plan(RepositoryMethod method) {
        Map<String, WritePlan> ofRepository = plans.get(method.type());
        WritePlan plan = ofRepository == null ? null : ofRepository.get(method.method());
        if (plan == null) {
            throw new DualWriteConfigurationException(method.qualifiedName() + " is on a dual route, but dual-write was not "
                    + "configured for " + method.type().getName() + "; add .repository(" + method.repository()
                    + ".class, mapping, legacyStore, postgresStore) to DualWrites.custom() for each table it writes");
        }
        return plan;
    }

    /**
     * Records the keys in the primary's outbox once per unit of work, and arranges their mirroring after it ends.
     *
     * @param mayCommit whether the unit is dual-write's own: the insert may then commit it in the same round trip
     */
    private void record(UnitOfWorkContext unit, Backend primary, List<OutboxKey> keys, boolean mayCommit) {
        if (keys.isEmpty()) {
            return;
        }
        UnitWrites writes = writes(unit);
        List<OutboxKey> fresh = writes.fresh(primary, keys);
        if (fresh.isEmpty()) {
            return;
        }
        Outbox outbox = outboxes.get(primary);
        List<OutboxEntry> entries = mayCommit && unit.touchedOnly(primary) ? outbox.recordAndCommit(fresh, clock.instant())
                : null;
        register(unit, writes, primary, entries != null ? entries : outbox.record(fresh, clock.instant()));
    }

    /** Entries a store's write recorded in the unit's transaction, within its own statement: mirrored once it ends. */
    void recorded(UnitOfWorkContext unit, Backend primary, List<OutboxEntry> entries) {
        UnitWrites writes = writes(unit);
        writes.fresh(primary, entries.stream().map(OutboxEntry::key).toList()); // known from now on: not recorded again
        register(unit, writes, primary, entries);
    }

    /** Arranges the mirroring of entries recorded (their keys already known to {@code writes}) after the unit ends. */
    private void register(UnitOfWorkContext unit, UnitWrites writes, Backend primary, List<OutboxEntry> entries) {
        if (writes.add(primary, entries)) {
            unit.afterCompletion(primary, committed -> completed(primary, writes.entries(primary), committed, Map.of()));
        }
    }

    /** Whether {@code key} is recorded in the unit's transaction already. */
    boolean recordedIn(UnitOfWorkContext unit, Backend primary, OutboxKey key) {
        return writes(unit).known(primary, key);
    }

    private UnitWrites writes(UnitOfWorkContext unit) {
        return unit.attachment(unitKey, UnitWrites.class, u -> new UnitWrites());
    }

    /** @param known rows as written in autocommit, per table and key text ({@code null}: deleted), not to be read back */
    private void completed(Backend primary, List<OutboxEntry> entries, boolean committed,
            Map<MirroredTable<?, ?>, Map<String, Object>> known) {
        Outbox outbox = outboxes.get(primary);
        if (!committed) {
            if (!outbox.transactional()) {
                try {
                    outbox.remove(entries);
                } catch (RuntimeException e) {
                    LOG.debug("Entries of a rolled-back write stay in the {} (harmless: the reconciler finds the rows equal)",
                            outbox.description(), e);
                }
            }
            return;
        }
        // After a synchronous copy the entries only await the reconciler's check: no need to wake it for each call
        boolean copied = mode == MirrorMode.SYNCHRONOUS && mirror(primary, entries, known);
        reconciler.hand(primary, entries, !copied);
    }

    /**
     * Copies the primary's rows of the entries' keys to the secondary; a failure is logged and counted, never thrown.
     *
     * @return whether every row was copied
     */
    private boolean mirror(Backend primary, List<OutboxEntry> entries, Map<MirroredTable<?, ?>, Map<String, Object>> known) {
        try {
            Map<String, Set<String>> byTable = new LinkedHashMap<>();
            for (OutboxEntry entry : entries) {
                byTable.computeIfAbsent(entry.key().table(), t -> new LinkedHashSet<>()).add(entry.key().key());
            }
            for (Map.Entry<String, Set<String>> group : byTable.entrySet()) {
                MirroredTable<?, ?> table = tables.get(group.getKey());
                reconciler.mirrored.addAndGet(table.copy(primary, group.getValue(), known.getOrDefault(table, Map.of())));
            }
            return true;
        } catch (RuntimeException e) {
            reconciler.failed.incrementAndGet();
            reconciler.warn("Mirroring " + entries.size() + " " + primary + "-primary writes to " + primary.other()
                    + " failed; the reconciler will copy them", e);
            return false;
        }
    }

    private void registerMetrics(MeterRegistry meters) {
        for (Backend primary : Backend.values()) {
            Gauge.builder("cutover.outbox.backlog", reconciler, r -> r.backlog(primary).entries())
                    .tag("primary", primary.id())
                    .description("Entries in the outbox of writes with this primary: rows the secondary may not have yet")
                    .register(meters);
            Gauge.builder("cutover.outbox.oldest.age", reconciler, r -> ageSeconds(oldestEntry(r.backlog(primary))))
                    .tag("primary", primary.id())
                    .baseUnit("seconds")
                    .description("Age of the oldest outbox entry of writes with this primary")
                    .register(meters);
        }
        Gauge.builder("cutover.dualwrite.refused", reconciler, r -> r.stats().refused())
                .description("Outbox entries of rows the secondary refuses, each row retried with its own backoff")
                .register(meters);
        Gauge.builder("cutover.dualwrite.refused.oldest.age", reconciler, r -> ageSeconds(r.stats().oldestRefused()))
                .baseUnit("seconds")
                .description("Age of the oldest outbox entry of a row the secondary refuses")
                .register(meters);
        FunctionCounter.builder("cutover.dualwrite.mirrored", reconciler, r -> r.mirrored.get())
                .description("Rows copied to, or deleted from, the secondary").register(meters);
        FunctionCounter.builder("cutover.dualwrite.settled", reconciler, r -> r.settled.get())
                .description("Outbox entries removed once both sides matched").register(meters);
        FunctionCounter.builder("cutover.dualwrite.failed", reconciler, r -> r.failed.get())
                .description("Failed mirror attempts and reconciler passes (each retried)").register(meters);
    }

    private static Instant oldestEntry(Backlog backlog) {
        return backlog.entries() == 0 ? null : backlog.oldestEntry();
    }

    /** Seconds since {@code oldest}, 0 when there is none. */
    private double ageSeconds(Instant oldest) {
        if (oldest == null) {
            return 0;
        }
        return Math.max(0, Duration.between(oldest, clock.instant()).toNanos() / 1e9);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        reconciler.close();
        RuntimeException failure = null;
        for (Outbox outbox : outboxes.values()) {
            try {
                outbox.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "DualWrites[" + mode + ", tables " + tables.keySet() + "]";
    }

    /** What one unit of work recorded, per primary. Confined to the unit's thread. */
    private static final class UnitWrites {
        private final Map<Backend, Set<OutboxKey>> keys = new EnumMap<>(Backend.class);
        private final Map<Backend, List<OutboxEntry>> entries = new EnumMap<>(Backend.class);

        List<OutboxKey> fresh(Backend primary, List<OutboxKey> written) {
            Set<OutboxKey> known = keys.computeIfAbsent(primary, b -> new java.util.HashSet<>());
            List<OutboxKey> fresh = new ArrayList<>(written.size());
            for (OutboxKey key : written) {
                if (known.add(key)) {
                    fresh.add(key);
                }
            }
            return fresh;
        }

        boolean known(Backend primary, OutboxKey key) {
            Set<OutboxKey> known = keys.get(primary);
            return known != null && known.contains(key);
        }

        /** Adds entries; whether they are the first of this primary (so the completion hook is to be registered). */
        boolean add(Backend primary, List<OutboxEntry> recorded) {
            List<OutboxEntry> list = entries.get(primary);
            if (list == null) {
                entries.put(primary, new ArrayList<>(recorded));
                return true;
            }
            list.addAll(recorded);
            return false;
        }

        List<OutboxEntry> entries(Backend primary) {
            return entries.get(primary);
        }
    }

    /** Collects and checks the configuration. Not thread-safe. */
    public static final class DefaultBuilder implements DualWrites.Builder {
        private final Map<Backend, Outbox> outboxes = new EnumMap<>(Backend.class);
        private final Map<Class<?>, List<MirroredTable<?, ?>>> repositories = new LinkedHashMap<>();
        private final Map<String, MirroredTable<?, ?>> tables = new LinkedHashMap<>();
        private final Map<Class<?>, Map<String, List<WritePlan.Declared>>> declared = new HashMap<>();
        private final List<Runnable> pendingDeclarations = new ArrayList<>();
        private MirrorMode mode = MirrorMode.SYNCHRONOUS;
        private Comparison comparison = Comparison.ofDefaults();
        private int batchSize = 500;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration gracePeriod = Duration.ofSeconds(10);
        private Duration backoffInitial = Duration.ofMillis(200);
        private Duration backoffMax = Duration.ofSeconds(30);
        private int queueCapacity = 100_000;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry registry;

        @Override
        public Builder outbox(Outbox outbox) {
            Objects.requireNonNull(outbox, "outbox");
            Outbox existing = outboxes.putIfAbsent(outbox.primary(), outbox);
            if (existing != null) {
                throw new IllegalArgumentException("An outbox of " + outbox.primary() + "-primary writes is set already ("
                        + existing.description() + "); got another: " + outbox.description());
            }
            return this;
        }

        @Override
        public <E, K> Builder repository(Class<?> repository, EntityMapping<E, K> mapping, EntityStore<E, K> legacyStore,
                EntityStore<E, K> postgresStore) {
            Objects.requireNonNull(repository, "repository");
            if (!repository.isInterface()) {
                throw new IllegalArgumentException("Dual-write mirrors routed repository interfaces; got class "
                        + repository.getName());
            }
            MirroredTable<?, ?> table = mirrored(mapping, legacyStore, postgresStore);
            List<MirroredTable<?, ?>> ofRepository = repositories.computeIfAbsent(repository, r -> new ArrayList<>());
            if (ofRepository.contains(table)) {
                throw new IllegalArgumentException(repository.getSimpleName() + " is configured twice with table "
                        + mapping.table());
            }
            ofRepository.add(table);
            return this;
        }

        @Override
        public <E, K> Builder table(EntityMapping<E, K> mapping, EntityStore<E, K> legacyStore,
                EntityStore<E, K> postgresStore) {
            mirrored(mapping, legacyStore, postgresStore);
            return this;
        }

        /** The table of {@code mapping}, registered on first mention; its mapping and stores checked. */
        private <E, K> MirroredTable<?, ?> mirrored(EntityMapping<E, K> mapping, EntityStore<E, K> legacyStore,
                EntityStore<E, K> postgresStore) {
            Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(legacyStore, "legacyStore");
            Objects.requireNonNull(postgresStore, "postgresStore");
            if (legacyStore.mapping() != mapping || postgresStore.mapping() != mapping) {
                throw new IllegalArgumentException("The stores given with the mapping of " + mapping.table()
                        + " must be built from that mapping (legacy store's: " + legacyStore.mapping().table()
                        + ", postgres store's: " + postgresStore.mapping().table() + ")");
            }
            if (legacyStore == postgresStore) {
                throw new IllegalArgumentException("The legacy and postgres stores of " + mapping.table()
                        + " are the same object; pass one store per backend");
            }
            MirroredTable<?, ?> table = tables.get(mapping.table());
            if (table == null) {
                table = new MirroredTable<>(mapping, legacyStore, postgresStore);
                tables.put(mapping.table(), table);
            } else if (table.mapping != mapping || table.store(Backend.LEGACY) != legacyStore
                    || table.store(Backend.POSTGRES) != postgresStore) {
                throw new IllegalArgumentException("Table " + mapping.table() + " is configured twice with different "
                        + "mappings or stores; configure each table's mapping and stores once");
            }
            return table;
        }

        @Override
        public Builder keys(Class<?> repository, String method, WriteKeys<?> keys) {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(keys, "keys");
            pendingDeclarations.add(() -> {
                List<MirroredTable<?, ?>> ofRepository = repositories.get(repository);
                if (ofRepository == null) {
                    throw new DualWriteConfigurationException("Keys are declared for " + repository.getSimpleName() + "."
                            + method + ", but " + repository.getName() + " is not configured: call repository("
                            + repository.getSimpleName() + ".class, mapping, legacyStore, postgresStore)");
                }
                if (ofRepository.size() != 1) {
                    throw new DualWriteConfigurationException("Keys declared for " + repository.getSimpleName() + "."
                            + method + " must name their mapping: the repository writes "
                            + ofRepository.stream().map(MirroredTable::table).toList()
                            + "; use keys(repository, method, mapping, keys)");
                }
                declare(repository, method, ofRepository.get(0), keys);
            });
            return this;
        }

        @Override
        public <K> Builder keys(Class<?> repository, String method, EntityMapping<?, K> mapping, WriteKeys<K> keys) {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(mapping, "mapping");
            Objects.requireNonNull(keys, "keys");
            pendingDeclarations.add(() -> {
                MirroredTable<?, ?> table = repositories.getOrDefault(repository, List.of()).stream()
                        .filter(t -> t.mapping == mapping).findFirst().orElseThrow(() -> new DualWriteConfigurationException(
                                "Keys of " + mapping.table() + " are declared for " + repository.getSimpleName() + "."
                                        + method + ", but that repository is not configured with that mapping: call repository("
                                        + repository.getSimpleName() + ".class, mapping, legacyStore, postgresStore)"));
                declare(repository, method, table, keys);
            });
            return this;
        }

        private void declare(Class<?> repository, String method, MirroredTable<?, ?> table, WriteKeys<?> keys) {
            declared.computeIfAbsent(repository, r -> new LinkedHashMap<>())
                    .computeIfAbsent(method, m -> new ArrayList<>())
                    .add(new WritePlan.Declared(table, keys));
        }

        @Override
        public Builder mode(MirrorMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        @Override
        public Builder comparison(Comparison comparison) {
            this.comparison = Objects.requireNonNull(comparison, "comparison");
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batchSize must be between 1 and 10000; got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        @Override
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = positive("pollInterval", pollInterval);
            return this;
        }

        @Override
        public Builder gracePeriod(Duration gracePeriod) {
            Objects.requireNonNull(gracePeriod, "gracePeriod");
            if (gracePeriod.isNegative()) {
                throw new IllegalArgumentException("gracePeriod must not be negative; got " + gracePeriod);
            }
            this.gracePeriod = gracePeriod;
            return this;
        }

        @Override
        public Builder backoff(Duration initial, Duration max) {
            positive("backoff initial", initial);
            positive("backoff max", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff max (" + max + ") must not be less than its initial delay ("
                        + initial + ")");
            }
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        @Override
        public Builder queueCapacity(int capacity) {
            if (capacity < 0) {
                throw new IllegalArgumentException("queueCapacity must be >= 0; got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        @Override
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        private static Duration positive(String what, Duration value) {
            Objects.requireNonNull(value, what);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive; got " + value);
            }
            return value;
        }

        @Override
        public DualWrites build() {
            List<String> problems = new ArrayList<>();
            for (Backend backend : Backend.values()) {
                if (!outboxes.containsKey(backend)) {
                    problems.add("No outbox for " + backend + "-primary writes (route " + (backend == Backend.LEGACY
                            ? Route.LEGACY_DUAL.id() : Route.POSTGRES_DUAL.id()) + "): call outbox(" + (backend == Backend.LEGACY
                            ? "LegacyOutbox.create(legacyAdapter)" : "PostgresOutbox.create(postgresAdapter)")
                            + "), or outbox(Outbox.journal(Backend." + backend.name() + ", file)) where no table may be created");
                }
            }
            if (repositories.isEmpty() && tables.isEmpty()) {
                problems.add("No repository is configured: call repository(type, mapping, legacyStore, postgresStore) "
                        + "(or table(mapping, legacyStore, postgresStore) in a process that only reconciles)");
            }
            declared.clear();
            for (Runnable declaration : pendingDeclarations) {
                try {
                    declaration.run();
                } catch (DualWriteConfigurationException e) {
                    problems.add(e.getMessage());
                }
            }
            Map<Class<?>, Map<String, WritePlan>> plans = new LinkedHashMap<>();
            repositories.forEach((repository, ofRepository) -> plans.put(repository,
                    WritePlan.of(repository, ofRepository, declared.getOrDefault(repository, Map.of()), problems)));
            if (!problems.isEmpty()) {
                throw new DualWriteConfigurationException(problems.size() == 1 ? problems.get(0)
                        : "Dual-write is not configured right:\n  " + problems.stream().collect(Collectors.joining("\n  ")));
            }
            return new DefaultDualWrites(this, plans);
        }
    }
}
