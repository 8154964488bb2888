package dev.cutover.benchmarks;

import dev.cutover.Cutover;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.Map;

/**
 * The fixture of the PostgreSQL benchmarks: the reference schema on the test kit's server (the URL in
 * {@code CUTOVER_TEST_POSTGRES_URL}, else embedded), {@value #CLIENTS} clients with JSONB, and the same
 * PostgreSQL {@link ClientRepository} called directly and through a router whose route for
 * {@code findById} comes from an environment variable.
 */
final class ClientsOnPostgres implements AutoCloseable {
    static final int CLIENTS = 10_000;

    final ClientRepository direct;
    final ClientRepository routed;
    private final TestDatabase legacyDatabase;
    private final TestDatabase targetDatabase;
    private final Cutover cutover;

    ClientsOnPostgres() {
        legacyDatabase = TestPostgres.server().createDatabase("bench_legacy");
        targetDatabase = TestPostgres.server().createDatabase("bench_target");
        LegacyAdapter legacyAdapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDatabase.jdbcUrl())
                .username(legacyDatabase.username()).password(legacyDatabase.password()).maximumPoolSize(2).build());
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

    @Override
    public void close() {
        cutover.close();
        legacyDatabase.close();
        targetDatabase.close();
    }
}
