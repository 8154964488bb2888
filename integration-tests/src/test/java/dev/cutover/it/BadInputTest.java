package dev.cutover.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.flags.EnvironmentRoutes;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.Mappings;
import dev.cutover.routing.RouteConfigurationException;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input meets a clear error that names the thing, the value and what is allowed, and loses nothing. */
class BadInputTest {
    private final ReferenceEnvironment environment = ReferenceEnvironment.get();

    @BeforeEach
    void setUp() {
        environment.reset();
    }

    @Test
    void shouldNameTheRowAndColumnWhenLegacyTextIsNotJson() {
        environment.legacyDatabase.execute("INSERT INTO tbl_clients (client_id, yc_id, company_id, full_name, ai_ctx, "
                + "created, updated) VALUES (41, 1, 1, 'Broken', '{\"tone\": warm}', now(), now())");
        ClientRepository clients = environment.legacy.clients();

        assertThatThrownBy(() -> clients.findById(41))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("tbl_clients")
                .hasMessageContaining("ai_ctx")
                .hasMessageContaining("41")
                .hasMessageContaining("{\"tone\": warm}");
        assertThat(environment.legacyDatabase.queryLong("SELECT count(*) FROM tbl_clients")).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUpsertWhoseConflictTargetHasNoUniqueConstraint() {
        try (TestDatabase database = TestPostgres.server().createDatabase("no_unique")) {
            database.execute("CREATE TABLE clients (id bigint PRIMARY KEY, yclients_id bigint NOT NULL, company_id bigint "
                    + "NOT NULL, name text NOT NULL, phone text, email text, ai_context jsonb, visit_history jsonb, vip boolean "
                    + "NOT NULL, balance numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)");
            try (PostgresAdapter adapter = ReferenceEnvironment.postgresAdapter(database)) {
                assertThatThrownBy(() -> adapter.store(Mappings.CLIENTS))
                        .isInstanceOf(SchemaMismatchException.class)
                        .hasMessageContaining("ON CONFLICT (yclients_id, company_id)")
                        .hasMessageContaining("matches no UNIQUE constraint")
                        .hasMessageContaining("clients_pkey (id)");
            }
        }
    }

    @Test
    void shouldRefuseATypoInARouteVariableBeforeServingAnyCall() {
        Map<String, String> environmentVariables = Map.of(
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID", "postgress",
                "CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_YCLIENT_ID", "postgres",
                "CUTOVER_ROUTE__CLIENTS", "postgres");

        assertThatThrownBy(() -> Cutover.builder()
                .routes(EnvironmentRoutes.builder().environment(environmentVariables).build())
                .repository(ClientRepository.class, environment.legacy.clients(), environment.postgres.clients())
                .build())
                .isInstanceOf(RouteConfigurationException.class)
                .satisfies(e -> assertThat(((RouteConfigurationException) e).problems()).hasSize(3))
                .hasMessageContaining("CUTOVER_ROUTE__CLIENT_REPOSITORY__FIND_BY_ID='postgress' is not a route; allowed: "
                        + "legacy, legacy-dual, postgres-dual, postgres")
                .hasMessageContaining("FIND_BY_YCLIENT_ID")
                .hasMessageContaining("CUTOVER_ROUTE__CLIENTS");
    }

    @Test
    void shouldRefuseADualRouteWhoseHandlersAreNotInstalled() {
        assertThatThrownBy(() -> Cutover.builder()
                .routes(EnvironmentRoutes.builder().environment(Map.of("CUTOVER_ROUTE_DEFAULT", "legacy-dual")).build())
                .repository(ClientRepository.class, environment.legacy.clients(), environment.postgres.clients())
                .build())
                .isInstanceOf(RouteConfigurationException.class)
                .hasMessageContaining("CUTOVER_ROUTE_DEFAULT routes ClientRepository.save to 'legacy-dual', but nothing "
                        + "handles writes on it: install dual-write (DualWrites, docs/dual-write.md)")
                .hasMessageContaining("CUTOVER_ROUTE_DEFAULT routes ClientRepository.findById to 'legacy-dual', but nothing "
                        + "handles reads on it: install shadow reads (ShadowReads, docs/shadow-reads-and-resilience.md)");
    }
}
