package dev.cutover.demo;

import dev.cutover.Backend;
import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.WriteKeys;
import dev.cutover.flags.LiveRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.BookingRepository;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.CompanyRepository;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.resilience.CutoverResilience;
import dev.cutover.routing.MethodRoute;
import dev.cutover.routing.Route;
import dev.cutover.shadow.ShadowReads;
import dev.cutover.status.reports.StatusReports;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The application being migrated, as an application wires Cutover: the reference domain's company, client and
 * booking repositories on both backends; dual-write with the outbox of legacy-primary writes in the legacy
 * database, mirrored asynchronously; shadow reads of every call on the dual routes; Resilience4j with reads on
 * the {@code postgres} route falling back to legacy; routes from {@link LiveRoutes}, the flag store in the target
 * database. Beside it, the operator's console: a second Cutover over the same store that makes the route changes,
 * so that a flip reaches the application the way it reaches every instance, through the store.
 *
 * <p>Not thread-safe to build and close; the repositories it hands out are.
 */
final class DemoApplication implements AutoCloseable {
    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final String OPERATOR = "demo operator";
    /** The id {@code cutover status} lists the demo's application under. */
    static final String INSTANCE_ID = "cutover-demo";

    final LegacyAdapter legacyAdapter;
    final PostgresAdapter postgresAdapter;
    final LegacyRepositories legacy;
    final PostgresRepositories postgres;
    final DualWrites dualWrites;
    final ShadowReads shadowReads;
    final CutoverResilience resilience;
    final Cutover cutover;
    /** What {@code cutover status} shows of this instance: routes, breakers, backlog, reconciler. */
    final StatusReports statusReports;
    private final LiveRoutes console;
    private final Cutover consoleCutover;

    /**
     * Wires the application; if that fails (a route variable the store cannot beat, a schema that does not fit),
     * closes what was opened and rethrows.
     */
    static DemoApplication start(DemoServers servers, Map<String, String> environment) {
        LegacyAdapter legacyAdapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(servers.legacy.url())
                .dialect(LegacyDialect.postgresql()).maximumPoolSize(10).connectionTimeout(Duration.ofMillis(500)).build());
        try {
            PostgresAdapter postgresAdapter = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(servers.target.url())
                    .maximumPoolSize(10).connectionTimeout(Duration.ofMillis(250)).build());
            try {
                return new DemoApplication(legacyAdapter, postgresAdapter, environment);
            } catch (RuntimeException e) {
                postgresAdapter.close();
                throw e;
            }
        } catch (RuntimeException e) {
            legacyAdapter.close();
            throw e;
        }
    }

    private DemoApplication(LegacyAdapter legacyAdapter, PostgresAdapter postgresAdapter, Map<String, String> environment) {
        this.legacyAdapter = legacyAdapter;
        this.postgresAdapter = postgresAdapter;
        legacy = new LegacyRepositories(legacyAdapter);
        postgres = new PostgresRepositories(postgresAdapter);
        dualWrites = DualWrites.custom()
                .outbox(LegacyOutbox.create(legacyAdapter))
                .outbox(PostgresOutbox.create(postgresAdapter))
                .repository(CompanyRepository.class, Mappings.COMPANIES, legacy.companyStore(), postgres.companyStore())
                .repository(ClientRepository.class, Mappings.CLIENTS, legacy.clientStore(), postgres.clientStore())
                .repository(BookingRepository.class, Mappings.BOOKINGS, legacy.bookingStore(), postgres.bookingStore())
                .keys(ClientRepository.class, "delete", WriteKeys.argument(0))
                .keys(BookingRepository.class, "updateStatus", WriteKeys.argument(0))
                .mode(MirrorMode.ASYNCHRONOUS)
                .pollInterval(Duration.ofMillis(200))
                .gracePeriod(Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        LiveRoutes routes = LiveRoutes.builder(postgresAdapter.connections().dataSource()).environment(environment)
                .pollInterval(POLL_INTERVAL).build();
        Cutover.Builder builder = repositories(Cutover.builder().legacy(legacyAdapter).postgres(postgresAdapter).routes(routes),
                true);
        resilience = CutoverResilience.custom()
                .circuitBreaker(Backend.POSTGRES, CircuitBreakerConfig.custom().slidingWindowSize(10).minimumNumberOfCalls(5)
                        .failureRateThreshold(50).waitDurationInOpenState(Duration.ofSeconds(1))
                        .permittedNumberOfCallsInHalfOpenState(2).build())
                .retries(2, Duration.ofMillis(20))
                .fallbackToLegacy(true)
                .build()
                .install(builder);
        shadowReads = ShadowReads.custom().sampleRate(1.0).timeout(Duration.ofSeconds(5)).queueCapacity(1_000).build()
                .install(builder);
        // A refused build closes what was installed (reconciler, shadow-read threads); start() closes the adapters.
        cutover = dualWrites.install(builder).build();
        StatusReports reports = null;
        try {
            reports = StatusReports.builder(postgresAdapter.connections().dataSource(), cutover).contributor(resilience)
                    .contributor(dualWrites).instanceId(INSTANCE_ID).interval(Duration.ofSeconds(1)).build();
            console = LiveRoutes.builder(postgresAdapter.connections().dataSource()).environment(environment)
                    .backgroundRefresh(false).build();
            consoleCutover = repositories(Cutover.builder().routes(console), false).build();
        } catch (RuntimeException e) {
            if (reports != null) {
                reports.close();
            }
            cutover.close();
            throw e;
        }
        statusReports = reports;
    }

    /** The three repositories; {@code answered} wraps each implementation to tell which backend served a call. */
    private Cutover.Builder repositories(Cutover.Builder builder, boolean answered) {
        return builder
                .repository(CompanyRepository.class, legacy.companies(), postgres.companies())
                .repository(ClientRepository.class,
                        answered ? Answered.by(Backend.LEGACY, ClientRepository.class, legacy.clients()) : legacy.clients(),
                        answered ? Answered.by(Backend.POSTGRES, ClientRepository.class, postgres.clients()) : postgres.clients())
                .repository(BookingRepository.class, legacy.bookings(), postgres.bookings());
    }

    ClientRepository clients() {
        return cutover.repository(ClientRepository.class);
    }

    /** Sets a route from the operator's console, without waiting for the application to see it. */
    void set(String target, Route route, String reason) {
        console.set(target, route, OPERATOR, reason);
    }

    /**
     * Sets the route of {@code method} ({@code Repository.method}) or of a repository from the operator's console
     * and waits until the application's router serves {@code probe} ({@code Repository.method}) on it.
     *
     * @return the time from the change's commit to the router serving the new route
     * @throws IllegalStateException if the router did not within 10 s
     */
    Duration flip(String target, Route route, String probe, String reason) throws InterruptedException {
        console.set(target, route, OPERATOR, reason);
        long committed = System.nanoTime();
        long deadline = committed + TimeUnit.SECONDS.toNanos(10);
        while (routeOf(probe) != route) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The router still serves " + probe + " on " + routeOf(probe).id()
                        + " 10 s after it was set to " + route.id());
            }
            Thread.sleep(1);
        }
        return Duration.ofNanos(System.nanoTime() - committed);
    }

    Route routeOf(String method) {
        return cutover.routes().stream().filter(r -> r.method().qualifiedName().equals(method)).findFirst()
                .map(r -> r.decision().route())
                .orElseThrow(() -> new IllegalArgumentException("No routed method " + method));
    }

    Iterable<MethodRoute> routeTable() {
        return cutover.routes();
    }

    /**
     * Closes the console, the status reports (marking the instance stopped), then the application's Cutover: shadow
     * reads, reconciler, resilience, the route refresher, then both pools.
     */
    @Override
    public void close() {
        consoleCutover.close();
        statusReports.close();
        cutover.close();
    }
}
