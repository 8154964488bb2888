package dev.cutover.cli.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cli.CutoverCli;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A legacy database (the reference legacy schema, seeded with {@link ReferenceData}) and an empty target database
 * (the reference target schema), and a way to run {@code cutover} commands against them through
 * {@link CutoverCli#run}, as an operator would with {@code CUTOVER_LEGACY_URL} and {@code CUTOVER_POSTGRES_URL}.
 */
public final class CliDatabases implements AutoCloseable {
    public final TestDatabase legacyDb;
    public final TestDatabase targetDb;
    public final ReferenceData data;

    /** One command line's outcome. */
    public record Run(int status, String out, String err) {
        /** Standard output read as JSON. */
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    public CliDatabases(String name, int companies, int clientsPerCompany) {
        legacyDb = TestPostgres.server().createDatabase(name + "_legacy");
        targetDb = TestPostgres.server().createDatabase(name + "_target");
        ReferenceSchemas.migrateLegacy(legacyDb.dataSource());
        ReferenceSchemas.migrateTarget(targetDb.dataSource());
        data = ReferenceData.generate(7, companies, clientsPerCompany);
        seedLegacy();
    }

    /** Writes {@link #data} to the legacy tables again (undoing a test's changes to those rows). */
    public void seedLegacy() {
        try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl())
                .username(legacyDb.username()).password(legacyDb.password()).build())) {
            seed(legacy, data);
        }
    }

    /** Writes every row of {@code data} to the legacy tables, on either legacy server. */
    public static void seed(LegacyAdapter adapter, ReferenceData data) {
        LegacyRepositories stores = new LegacyRepositories(adapter);
        stores.companyStore().upsertAll(data.companies());
        stores.clientStore().upsertAll(data.clients());
        stores.staffStore().upsertAll(data.staff());
        stores.serviceStore().upsertAll(data.services());
        stores.staffServiceStore().upsertAll(data.staffServices());
        stores.bookingStore().upsertAll(data.bookings());
    }

    /** The environment of an operator's shell: both URLs, the credentials, the application. */
    public Map<String, String> environment() {
        return environment(legacyDb, targetDb);
    }

    /** The environment of an operator's shell pointed at {@code legacy} and {@code target}. */
    public static Map<String, String> environment(TestDatabase legacy, TestDatabase target) {
        Map<String, String> environment = new HashMap<>();
        environment.put("CUTOVER_APPLICATION", ReferenceTestApplication.class.getName());
        environment.put("CUTOVER_LEGACY_URL", legacy.jdbcUrl());
        environment.put("CUTOVER_POSTGRES_URL", target.jdbcUrl());
        for (Map.Entry<String, TestDatabase> side : Map.of("LEGACY", legacy, "POSTGRES", target).entrySet()) {
            if (side.getValue().username() != null) {
                environment.put("CUTOVER_" + side.getKey() + "_USER", side.getValue().username());
            }
            if (side.getValue().password() != null) {
                environment.put("CUTOVER_" + side.getKey() + "_PASSWORD", side.getValue().password());
            }
        }
        return environment;
    }

    /** Runs {@code cutover args...} with {@link #environment()}. */
    public Run run(String... args) {
        return run(environment(), args);
    }

    public static Run run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CutoverCli.run(args, environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        legacyDb.close();
        targetDb.close();
    }
}
