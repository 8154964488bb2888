package dev.cutover.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.Backend;
import dev.cutover.cli.testing.CliDatabases;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.testsupport.Await;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code cutover status} against an application instance running in this JVM with its status reports. */
class StatusCommandTest {
    private static TargetDatabase target;
    private static TestDatabase legacy;

    @BeforeAll
    static void createDatabases() {
        target = TargetDatabase.create("cli_status_target");
        ReferenceSchemas.migrateTarget(target.dataSource);
        legacy = TestPostgres.server().createDatabase("cli_status_legacy");
        try (LegacyAdapter adapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacy.jdbcUrl())
                .username(legacy.username()).password(legacy.password()).dialect(LegacyDialect.postgresql()).build())) {
            ReferenceSchemas.migrateLegacy(adapter.connections().dataSource());
            LegacyOutbox.create(adapter);
        }
    }

    @AfterAll
    static void dropDatabases() {
        target.close();
        legacy.close();
    }

    @BeforeEach
    void emptyTables() {
        target.emptyFlagStoreAnd("cutover.instance_status", "cutover.outbox");
        legacy.execute("TRUNCATE cutover_outbox");
    }

    private Cli cli() {
        return target.cli().with("CUTOVER_LEGACY_URL", legacy.jdbcUrl()).with("CUTOVER_LEGACY_USER", legacy.username());
    }

    @Test
    void shouldShowEachInstancesBreakersBacklogAndReconciler() {
        try (RunningInstance instance = new RunningInstance(legacy, target.database, "app-1", Map.of())) {
            instance.resilience.circuitBreaker(Backend.POSTGRES).transitionToForcedOpenState();
            target.database.execute("INSERT INTO cutover.outbox (table_name, entity_key, created_at) VALUES"
                    + " ('clients', '[1]', now() - interval '5 minutes'), ('clients', '[2]', now()), ('bookings', '[3]', now())");
            legacy.execute("INSERT INTO cutover_outbox (table_name, entity_key, created_at) VALUES"
                    + " ('clients', '[4]', " + micros("now() - interval '2 minutes'") + "), ('clients', '[5]', " + micros("now()") + ")");
            instance.reportOnceBacklogIs(5);

            CliDatabases.Run run = cli().run("status", "--json");
            assertThat(run.status()).as(run.toString()).isEqualTo(1);
            JsonNode json = run.json();
            JsonNode reported = json.get("instances").get(0);
            assertThat(reported.get("instanceId").asText()).isEqualTo("app-1");
            assertThat(reported.get("state").asText()).isEqualTo("running");
            assertThat(reported.get("routesMatch").asBoolean()).isTrue();
            assertThat(reported.get("breakers").findValuesAsText("state")).containsExactly("CLOSED", "FORCED_OPEN");
            assertThat(reported.get("outboxes").findValuesAsText("entries")).containsExactlyInAnyOrder("2", "3");
            assertThat(reported.get("reconciler").get("failed").asLong()).isZero();

            JsonNode outboxes = json.get("outboxes");
            assertThat(outboxes.get(0).get("primary").asText()).isEqualTo("postgres");
            assertThat(outboxes.get(0).get("entries").asLong()).isEqualTo(3);
            assertThat(outboxes.get(0).get("oldestAgeSeconds").asDouble()).isGreaterThanOrEqualTo(299);
            assertThat(outboxes.get(1).get("primary").asText()).isEqualTo("legacy");
            assertThat(outboxes.get(1).get("entries").asLong()).isEqualTo(2);
            assertThat(json.get("reconcilerLagSeconds").asDouble()).isGreaterThanOrEqualTo(299);
            assertThat(json.get("attention").get(0).asText()).isEqualTo("Instance app-1: circuit breaker cutover-postgres is FORCED_OPEN");

            CliDatabases.Run text = cli().run("status");
            assertThat(text.out()).contains("app-1  running", "breaker cutover-postgres: FORCED_OPEN", "routes: the same as above")
                    .containsPattern("\n  table cutover\\.outbox \\(PostgreSQL\\): 3 entries, oldest \\d+\\.\\d s old")
                    .containsPattern("Reconciler lag \\(age of the oldest unsettled write\\): \\d+\\.\\d s");
        }
    }

    /** A row the target refuses (a CHECK the legacy row breaks) is held back by the reconciler: status says so. */
    @Test
    void shouldShowAnInstancesRefusedRowsAsNeedingAttention() {
        target.database.execute("ALTER TABLE clients ADD CONSTRAINT clients_not_refused CHECK (name <> 'Refused')");
        try (RunningInstance instance = new RunningInstance(legacy, target.database, "app-refusing",
                Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__SAVE", "legacy-dual"))) {
            Client client = ReferenceData.client(new SplittableRandom(3), 77, 1, 77);
            instance.cutover.repository(ClientRepository.class).save(new Client(77, 77, 1, "Refused", client.phone(),
                    client.email(), client.aiContext(), client.visitHistory(), client.vip(), client.balance(),
                    client.createdAt(), client.updatedAt()));
            Await.until("the reconciler to see the row refused", Duration.ofSeconds(20), Duration.ofMillis(50), () -> {
                boolean refused = instance.dualWrites.reconciler().stats().refused() == 1;
                if (!refused) {
                    instance.dualWrites.reconciler().wakeUp();
                }
                return refused;
            });
            instance.reports.report();

            CliDatabases.Run run = cli().run("status", "--json");
            assertThat(run.status()).as(run.toString()).isEqualTo(1);
            JsonNode reconciler = run.json().get("instances").get(0).get("reconciler");
            assertThat(reconciler.get("refused").asLong()).isEqualTo(1);
            assertThat(reconciler.get("oldestRefused").asText()).isNotBlank();
            assertThat(run.json().get("attention")).extracting(JsonNode::asText).anySatisfy(line -> assertThat(line)
                    .startsWith("Instance app-refusing: 1 outbox entry's row is refused by the secondary (oldest recorded ")
                    .endsWith("'cutover reconcile' lists them with the reason"));
            assertThat(cli().run("status").out()).containsPattern("\\d+ failed, 1 refused; ");
        } finally {
            target.database.execute("ALTER TABLE clients DROP CONSTRAINT clients_not_refused", "TRUNCATE clients");
        }
    }

    @Test
    void shouldShowInstancesThatRouteDifferentlyAndStaleOnes() {
        try (RunningInstance pinned = new RunningInstance(legacy, target.database, "app-pinned",
                Map.of("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgres"));
                RunningInstance gone = new RunningInstance(legacy, target.database, "app-gone", Map.of())) {
            target.database.execute("UPDATE cutover.instance_status SET last_seen = now() - interval '1 minute'"
                    + " WHERE instance_id = '" + gone.reports.instanceId() + "'");
            pinned.reports.report();

            CliDatabases.Run run = cli().run("status");
            assertThat(run.status()).as(run.toString()).isEqualTo(1);
            assertThat(run.out()).contains("app-gone  stale", "app-pinned  running", "routes: 1 differ from above",
                    "ClientRepository.findById: postgres there [method: CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID], legacy here",
                    "Instance app-gone is stale: not seen for ",
                    "Instance app-pinned routes 1 method(s) differently from this environment and the store");
        }
        assertThat(cli().run("status").out()).contains("app-gone  stopped", "app-pinned  stopped");
    }

    /** An instance of another service routes some of the methods: the others are not differences. */
    @Test
    void shouldCompareOnlyTheMethodsAnInstanceRoutes() {
        target.database.execute("INSERT INTO cutover.instance_status (instance_id, host, pid, started_at, last_seen,"
                + " interval_ms, routes_digest, routes, breakers, outboxes) VALUES ('clients-service', 'h', 1, now(), now(),"
                + " 5000, 'd1', '[{\"method\": \"ClientRepository.findById\", \"kind\": \"read\", \"route\": \"legacy\","
                + " \"origin\": \"default\", \"source\": \"built-in default\"}]', '[]', '[]')");

        CliDatabases.Run run = cli().run("status", "--json");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.json().get("instances").get(0).get("routeDifferences")).isEmpty();
        assertThat(cli().run("status").out()).contains("clients-service  running", "routes: the same as above (digest d1)");

        target.database.execute("UPDATE cutover.instance_status SET stopped_at = now(), routes = jsonb_set(routes,"
                + " '{0,route}', '\"postgres\"')");
        CliDatabases.Run stopped = cli().run("status");
        assertThat(stopped.status()).as("a stopped instance's routes need no attention").isZero();
        assertThat(stopped.out()).contains("clients-service  stopped", "routes when it stopped: 1 differ from above (digest d1)")
                .doesNotContain("ClientRepository.findById: postgres there");
    }

    @Test
    void shouldSayPlainlyWhenNoInstanceReportsAndNeverPrintCredentials() {
        String url = target.database.jdbcUrl();
        CliDatabases.Run run = target.cli().with("CUTOVER_POSTGRES_URL", url + (url.contains("?") ? "&" : "?") + "password=hunter2")
                .with("CUTOVER_POSTGRES_PASSWORD", "s3cret-password").run("status");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out()).contains("No instance reports: install StatusReports (dev.cutover.status.reports) in the application"
                        + " to see breaker states",
                "legacy: CUTOVER_LEGACY_URL is not set", "table cutover.outbox (PostgreSQL): 0 entries", "Attention: nothing")
                .containsPattern("ClientRepository\\.findById +read +legacy +default +built-in default");
        assertThat(run.out() + run.err()).doesNotContain("hunter2", "s3cret-password");
        JsonNode json = target.cli().run("status", "--json").json();
        assertThat(json.get("instances")).isEmpty();
        assertThat(json.get("outboxes").get(1).get("error").asText()).startsWith("CUTOVER_LEGACY_URL is not set");
        assertThat(json.get("outboxes").get(1).has("entries")).isTrue();
    }

    @Test
    void shouldNotPrintCredentialsWhenTheDatabaseCannotBeReached() {
        CliDatabases.Run run = Cli.withEnvironment(Map.of("CUTOVER_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:1/app?user=ops&password=hunter2",
                "CUTOVER_POSTGRES_PASSWORD", "s3cret-password", "CUTOVER_LEGACY_URL", "jdbc:postgresql://127.0.0.1:1/legacy?password=hunter3"))
                .run("status");

        assertThat(run.status()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("127.0.0.1:1");
        assertThat(run.out() + run.err()).doesNotContain("hunter2", "hunter3", "s3cret-password");
    }

    /** The legacy outbox keeps times as microseconds since the epoch. */
    private static String micros(String timestamp) {
        return "(extract(epoch FROM " + timestamp + ") * 1000000)::bigint";
    }
}
