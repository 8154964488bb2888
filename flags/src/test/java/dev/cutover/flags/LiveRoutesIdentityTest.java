package dev.cutover.flags;

import static dev.cutover.flags.TestRepositories.cutover;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Cutover;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every audit row records who made the change beside the declared actor, and nobody rewrites the log. */
@SuppressWarnings("try") // a Cutover binds the routes; the tests read the audit through LiveRoutes
class LiveRoutesIdentityTest {
    private static FlagStoreDatabase store;

    @BeforeAll
    static void createStore() {
        store = FlagStoreDatabase.create("live_identity");
    }

    @AfterAll
    static void dropStore() {
        store.close();
    }

    @BeforeEach
    void emptyStore() {
        store.reset();
    }

    @Test
    void shouldRecordTheDatabaseRoleTheClientAddressTheProcessAndTheTool() throws Exception {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.via(ChangeTool.CLI).set("BookingRepository", "legacy-dual", "alice", "phase 1");
            routes.set("BookingRepository", "legacy-dual", "mallory", "the actor is whatever the caller says");

            List<AuditEntry> log = routes.auditLog(2);
            String user = store.database().username();
            assertThat(log.get(1).identity()).isEqualTo(new AuditIdentity(user, user, "127.0.0.1",
                    System.getProperty("user.name"), InetAddress.getLocalHost().getHostName(), "cli"));
            assertThat(log.get(0).actor()).isEqualTo("mallory");
            assertThat(log.get(0).identity().tool()).as("the API unless chosen").isEqualTo("api");
            assertThat(log.get(0).identity().describe()).isEqualTo(System.getProperty("user.name") + "@"
                    + InetAddress.getLocalHost().getHostName() + " via api, role " + user + " from 127.0.0.1");
        }
    }

    @Test
    void shouldStampTheRoleItselfWhateverTheWriterClaims() throws SQLException {
        String role = "cutover_operator_" + Long.toHexString(System.nanoTime()); // roles are the server's, not the database's
        store.execute("CREATE ROLE " + role, "GRANT USAGE ON SCHEMA cutover TO " + role,
                "GRANT INSERT, SELECT ON cutover.route_flag_audit TO " + role);
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET ROLE " + role);
            statement.execute("INSERT INTO cutover.route_flag_audit (at, actor, target, from_value, to_value, reason, db_user,"
                    + " db_session_user, client_addr, os_user, os_host, tool) VALUES (now(), 'eve', 'default', 'unset', 'postgres',"
                    + " 'forged', 'root', 'root', '10.6.6.6', 'root', 'elsewhere', 'console')");
        }
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            AuditIdentity recorded = routes.auditLog(1).get(0).identity();
            assertThat(recorded.databaseUser()).isEqualTo(role);
            assertThat(recorded.sessionUser()).isEqualTo(store.database().username());
            assertThat(recorded.clientAddress()).isEqualTo("127.0.0.1");
            assertThat(recorded.describe()).isEqualTo("root@elsewhere via console, role " + role + " (login "
                    + store.database().username() + ") from 127.0.0.1");
        }
    }

    @Test
    void shouldRefuseToUpdateDeleteOrTruncateTheAuditLogForEveryRoleTheOwnerIncluded() {
        try (LiveRoutes routes = store.routes().build(); Cutover cutover = cutover(routes)) {
            routes.set("BookingRepository", "legacy-dual", "alice", "phase 1");
        }
        for (String statement : List.of("UPDATE cutover.route_flag_audit SET actor = 'nobody'",
                "DELETE FROM cutover.route_flag_audit", "TRUNCATE cutover.route_flag_audit")) {
            String operation = statement.substring(0, statement.indexOf(' '));
            assertThatThrownBy(() -> store.execute(statement)).as(statement)
                    .hasMessageContaining("cutover.route_flag_audit is append-only: " + operation + " refused")
                    .satisfies(e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("42501"));
        }
        assertThat(store.rows("SELECT actor FROM cutover.route_flag_audit")).containsExactly(List.of("alice"));
    }
}
