package dev.cutover.dual.internal;

import dev.cutover.Backend;
import dev.cutover.compare.Comparison;
import dev.cutover.dual.DualWriteConfigurationException;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.DualWrites.Builder;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.WriteKeys;
import dev.cutover.dual.spi.UncommittedCopies;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.routing.Route;
import dev.cutover.store.EntityStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** The builder of {@link DualWrites#custom()}: collects and checks the configuration. Not thread-safe. */
public final class DualWritesBuilder implements DualWrites.Builder {
    final Map<Backend, Outbox> outboxes = new EnumMap<>(Backend.class);
    private final Map<Class<?>, List<MirroredTable<?, ?>>> repositories = new LinkedHashMap<>();
    final Map<String, MirroredTable<?, ?>> tables = new LinkedHashMap<>();
    private final Map<Class<?>, Map<String, List<WritePlan.Declared>>> declared = new HashMap<>();
    private final List<Runnable> pendingDeclarations = new ArrayList<>();
    MirrorMode mode = MirrorMode.SYNCHRONOUS;
    Comparison comparison = Comparison.ofDefaults();
    int batchSize = 500;
    Duration pollInterval = Duration.ofSeconds(1);
    Duration gracePeriod = Duration.ofSeconds(10);
    Duration backoffInitial = Duration.ofMillis(200);
    Duration backoffMax = Duration.ofSeconds(30);
    int queueCapacity = 100_000;
    int settleRate;
    Clock clock = Clock.systemUTC();
    MeterRegistry registry;
    UncommittedCopies uncommittedCopies = UncommittedCopies.none();

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
    public Builder settleRate(int entriesPerSecond) {
        new SettlePacer(entriesPerSecond); // refuses a negative rate, naming it
        this.settleRate = entriesPerSecond;
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
    public Builder uncommittedCopies(UncommittedCopies copies) {
        this.uncommittedCopies = Objects.requireNonNull(copies, "copies");
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
