package dev.cutover.benchmarks;

import dev.cutover.Cutover;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routed vs direct {@code ClientRepository.findById} on a real PostgreSQL (the test kit's server: the URL in
 * {@code CUTOVER_TEST_POSTGRES_URL}, else embedded), 10,000 clients with JSONB, primary-key lookups.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class PostgresFindByIdBenchmark {
    private static final int CLIENTS = 10_000;

    private TestDatabase legacyDatabase;
    private TestDatabase targetDatabase;
    private Cutover cutover;
    private ClientRepository direct;
    private ClientRepository routed;
    private long id;

    @Setup
    public void setUp() {
        legacyDatabase = TestPostgres.server().createDatabase("bench_legacy");
        targetDatabase = TestPostgres.server().createDatabase("bench_target");
        LegacyAdapter legacyAdapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password())
                .dialect(LegacyDialect.postgresql()).maximumPoolSize(2).build());
        PostgresAdapter postgresAdapter = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDatabase.jdbcUrl())
                .username(targetDatabase.username()).password(targetDatabase.password()).maximumPoolSize(2).build());
        ReferenceSchemas.migrateLegacy(legacyAdapter.connections().dataSource());
        ReferenceSchemas.migrateTarget(postgresAdapter.connections().dataSource());
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
        postgres.clientStore().upsertAll(ReferenceData.generate(1, 10, CLIENTS / 10).clients());
        direct = postgres.clients();
        cutover = Cutover.builder()
                .legacy(legacyAdapter)
                .postgres(postgresAdapter)
                .routes(EnvironmentRoutes.builder()
                        .environment(Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgres")).build())
                .repository(ClientRepository.class, new LegacyRepositories(legacyAdapter).clients(), direct)
                .build();
        routed = cutover.repository(ClientRepository.class);
        if (routed.findById(1).isEmpty() || direct.findById(CLIENTS).isEmpty()) {
            throw new IllegalStateException("benchmark data missing");
        }
    }

    @TearDown
    public void tearDown() {
        cutover.close();
        legacyDatabase.close();
        targetDatabase.close();
    }

    @Benchmark
    public Optional<Client> direct() {
        return direct.findById(1 + (id++ % CLIENTS));
    }

    @Benchmark
    public Optional<Client> routed() {
        return routed.findById(1 + (id++ % CLIENTS));
    }
}
