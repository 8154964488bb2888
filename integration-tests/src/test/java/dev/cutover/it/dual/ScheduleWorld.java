package dev.cutover.it.dual;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.it.BothSides;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.routing.RepositoryMethod;
import dev.cutover.routing.Route;
import dev.cutover.routing.RouteDecision;
import dev.cutover.routing.RouteOrigin;
import dev.cutover.routing.RouteSource;
import dev.cutover.routing.RouteSwitch;
import dev.cutover.store.EntityStore;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.testsupport.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.netcrusher.core.reactor.NioReactor;

/**
 * The databases of {@link RouteChangePropertyTest} for one legacy engine, created once, and its instances: each a
 * Cutover with dual-write over the reference domain whose connections go through TCP proxies of its own, so that an
 * outage or a kill cuts them.
 */
final class ScheduleWorld {
    static final int CLIENTS = 2;

    enum Engine { POSTGRESQL, MARIADB }

    private static final Map<Engine, ScheduleWorld> WORLDS = new EnumMap<>(Engine.class);
    private static NioReactor reactor;

    private final Engine engine;
    private final TestDatabase legacy;
    private final TestDatabase target;

    private ScheduleWorld(Engine engine) {
        this.engine = engine;
        if (engine == Engine.POSTGRESQL) {
            legacy = TestPostgres.server().createDatabase("schedule_legacy");
        } else {
            legacy = TestMariaDb.server().createDatabase("schedule_legacy");
        }
        target = TestPostgres.server().createDatabase("schedule_target");
        try (LegacyAdapter adapter = legacyAdapter(legacy.jdbcUrl())) {
            if (engine == Engine.POSTGRESQL) {
                ReferenceSchemas.migrateLegacy(adapter.connections().dataSource());
            } else {
                ReferenceSchemas.migrateLegacyMariaDb(adapter.connections().dataSource());
            }
            LegacyOutbox.create(adapter);
        }
        ReferenceSchemas.migrateTarget(target.dataSource());
        CutoverSchema.migrate(target.dataSource());
    }

    static synchronized ScheduleWorld of(Engine engine) {
        if (reactor == null) {
            try {
                reactor = new NioReactor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return WORLDS.computeIfAbsent(engine, ScheduleWorld::new);
    }

    static synchronized void closeAll() {
        WORLDS.values().forEach(world -> {
            world.legacy.close();
            world.target.close();
        });
        WORLDS.clear();
        if (reactor != null) {
            reactor.close();
            reactor = null;
        }
    }

    /** Empties the clients and both outboxes. */
    void reset() {
        legacy.execute("DELETE FROM tbl_clients", "DELETE FROM cutover_outbox");
        target.execute("TRUNCATE clients, cutover.outbox");
    }

    private LegacyAdapter legacyAdapter(String url) {
        LegacyConfig.Builder config = LegacyConfig.custom().jdbcUrl(url).username(legacy.username())
                .password(legacy.password()).maximumPoolSize(3).connectionTimeout(Duration.ofMillis(400));
        if (engine == Engine.POSTGRESQL) {
            config.dialect(LegacyDialect.postgresql());
        }
        return LegacyAdapter.create(config.build());
    }

    /** A new instance reaching the databases not {@code down}; {@code null} if it cannot start (a database is down). */
    Instance start(Routes routes, MirrorMode mode, Set<Backend> down) {
        TcpProxy legacyProxy = new TcpProxy(reactor, legacy.jdbcUrl());
        TcpProxy targetProxy = new TcpProxy(reactor, target.jdbcUrl());
        List<AutoCloseable> opened = new ArrayList<>(List.of(legacyProxy, targetProxy));
        try {
            if (!down.isEmpty()) {
                // PostgresAdapter.create and LegacyAdapter.create connect once to fail fast: it does not start
                return null;
            }
            LegacyAdapter legacyAdapter = legacyAdapter(legacyProxy.jdbcUrl());
            opened.add(legacyAdapter);
            PostgresAdapter postgresAdapter = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetProxy.jdbcUrl())
                    .username(target.username()).password(target.password()).maximumPoolSize(3)
                    .connectionTimeout(Duration.ofMillis(400)).build());
            opened.add(postgresAdapter);
            LegacyRepositories legacyRepositories = new LegacyRepositories(legacyAdapter);
            PostgresRepositories postgresRepositories = new PostgresRepositories(postgresAdapter);
            DualWrites dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacyRepositories, postgresRepositories)
                    .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                    .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                    .mode(mode)
                    .pollInterval(Duration.ofMillis(100))
                    .gracePeriod(Duration.ofSeconds(2))
                    .backoff(Duration.ofMillis(50), Duration.ofSeconds(2))
                    .build();
            Cutover cutover = DualWriteFixture.cutover(dualWrites, routes, legacyAdapter, postgresAdapter,
                    legacyRepositories, postgresRepositories);
            return new Instance(legacyProxy, targetProxy, legacyRepositories, postgresRepositories, dualWrites, cutover);
        } catch (RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                closeQuietly(opened.get(i));
            }
            if (down.isEmpty()) {
                throw e;
            }
            return null;
        } finally {
            if (!down.isEmpty()) {
                legacyProxy.close();
                targetProxy.close();
            }
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception ignored) {
            // closing what could not start
        }
    }

    /** One process: a Cutover whose connections go through proxies of its own. */
    record Instance(TcpProxy legacyProxy, TcpProxy targetProxy, LegacyRepositories legacy, PostgresRepositories postgres,
            DualWrites dualWrites, Cutover cutover) implements AutoCloseable {

        void save(int client, String name) {
            Client base = ReferenceData.client(new SplittableRandom(client), client, 1, client);
            cutover.repository(ClientRepository.class).save(new Client(base.id(), base.yclientsId(), base.companyId(),
                    name, base.phone(), base.email(), base.aiContext(), base.visitHistory(), base.vip(), base.balance(),
                    base.createdAt(), base.updatedAt()));
        }

        void delete(int client) {
            cutover.repository(ClientRepository.class).delete(client);
        }

        /** Lets the instance reach the databases not {@code down}, and cuts it off from the others. */
        void reach(Set<Backend> down) {
            if (down.contains(Backend.LEGACY)) {
                legacyProxy.down();
            } else {
                legacyProxy.up();
            }
            if (down.contains(Backend.POSTGRES)) {
                targetProxy.down();
            } else {
                targetProxy.up();
            }
        }

        /** Dies: every connection cut mid-flight, nothing finished; what is left of it is then released. */
        void kill() {
            legacyProxy.down();
            targetProxy.down();
            close();
        }

        /** The client's name on one side, or {@link WriteModel#ABSENT}. */
        String value(Backend side, int client) {
            EntityStore<Client, Long> store = side == Backend.LEGACY ? legacy.clientStore() : postgres.clientStore();
            return store.findByKeys(List.of((long) client)).stream().map(Client::name).findFirst().orElse(WriteModel.ABSENT);
        }

        /** The differences, compared as verify compares them, among {@code clients}. */
        List<String> differences(Collection<Integer> clients) {
            List<String> found = new ArrayList<>();
            BothSides.compare(legacy.clientStore(), postgres.clientStore(), found);
            found.removeIf(difference -> clients.stream().noneMatch(c -> difference.startsWith("clients " + c + " ")));
            return found;
        }

        @Override
        public void close() {
            try {
                cutover.close();
            } catch (RuntimeException ignored) {
                // a killed instance's pools fail to say goodbye
            }
            legacyProxy.close();
            targetProxy.close();
        }
    }

    /** The routes every instance reads (the flag store, or variables): one base route, beaten by the override. */
    static final class Routes implements RouteSource {
        private final AtomicReference<Route> base = new AtomicReference<>(Route.LEGACY);
        private final AtomicReference<Route> override = new AtomicReference<>();

        void base(Route route) {
            base.set(route);
        }

        void override(Route route) {
            override.set(route);
        }

        Route current() {
            Route forced = override.get();
            return forced != null ? forced : base.get();
        }

        @Override
        public List<RouteSwitch> bind(List<RepositoryMethod> methods) {
            return methods.stream().map(method -> (RouteSwitch) () -> {
                Route forced = override.get();
                return forced != null
                        ? new RouteDecision(forced, RouteOrigin.OVERRIDE, "CUTOVER_ROUTE_OVERRIDE")
                        : new RouteDecision(base.get(), RouteOrigin.DEFAULT, "schedule");
            }).toList();
        }
    }
}
