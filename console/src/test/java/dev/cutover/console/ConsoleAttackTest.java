package dev.cutover.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.testsupport.ManualClock;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The attacks the console must stand: no session, a forged CSRF token, a reader changing a route, secrets in pages. */
class ConsoleAttackTest {
    static final List<String> PAGES = List.of("/routes", "/change", "/change?target=GreetingRepository&route=postgres",
            "/rollback?scope=all", "/rollback?scope=NoteRepository", "/audit", "/audit.csv", "/audit.json", "/health");

    static ManualClock clock;
    static ConsoleFixture fixture;

    @BeforeAll
    static void start() {
        clock = new ManualClock(Instant.parse("2026-12-07T10:00:00Z"));
        fixture = new ConsoleFixture("console_attacks", clock);
        // A reason that quotes a URL with the password, as someone might paste it: the pages must not show it.
        fixture.appRoutes.set("NoteRepository", "legacy", "fixture", "copied from " + ConsoleFixture.SECRET_URL);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static Map<String, String> flip(String csrf) {
        Map<String, String> form = new LinkedHashMap<>();
        if (csrf != null) {
            form.put("_csrf", csrf);
        }
        form.put("action", "set");
        form.put("target", "GreetingRepository.findGreeting");
        form.put("route", "postgres");
        form.put("reason", "attack");
        return form;
    }

    private static long audited() {
        return fixture.db.queryLong("SELECT count(*) FROM cutover.route_flag_audit WHERE reason = 'attack'");
    }

    @Test
    void shouldServeNothingWithoutASession() {
        HttpSession anonymous = new HttpSession(fixture);
        for (String page : PAGES) {
            HttpResponse<String> response = anonymous.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
            assertThat(response.body()).as(page).doesNotContain("Repository");
        }
        HttpResponse<String> change = anonymous.post("/change", flip("made-up"));
        assertThat(change.statusCode()).isEqualTo(401);
        assertThat(audited()).isZero();
    }

    @Test
    void shouldRefuseAChangeWithAForgedOrMissingCsrfToken() {
        HttpSession alice = new HttpSession(fixture);
        assertThat(alice.login("alice", ConsoleFixture.ALICE_PASSWORD).statusCode()).isEqualTo(302);
        String real = HttpSession.csrf(alice.get("/routes"));

        for (String forged : new String[] {null, "", real.substring(1) + "A", "forged"}) {
            HttpResponse<String> response = alice.post("/change", flip(forged));
            assertThat(response.statusCode()).as("token %s", forged).isEqualTo(403);
            assertThat(response.body()).contains("CSRF token is missing or does not match this session");
        }
        // Another session's token does not open this one.
        HttpSession mallory = new HttpSession(fixture);
        mallory.login("alice", ConsoleFixture.ALICE_PASSWORD);
        assertThat(mallory.post("/change", flip(real)).statusCode()).isEqualTo(403);
        assertThat(audited()).isZero();
    }

    @Test
    void shouldRefuseAReadOnlyUserChangingARoute() {
        HttpSession bob = new HttpSession(fixture);
        assertThat(bob.login("bob", ConsoleFixture.BOB_PASSWORD).statusCode()).isEqualTo(302);
        HttpResponse<String> preview = bob.get("/change?target=GreetingRepository.findGreeting&route=postgres");
        assertThat(preview.body()).contains("bob has the read role").doesNotContain("id=\"apply\"");

        for (String path : List.of("/change", "/rollback")) {
            Map<String, String> form = flip(HttpSession.csrf(preview));
            form.put("scope", "all");
            HttpResponse<String> response = bob.post(path, form);
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(response.body()).contains("changing routes needs the change role. Nothing was changed.");
        }
        assertThat(audited()).isZero();
        assertThat(fixture.db.queryLong("SELECT count(*) FROM cutover.route_flag WHERE target IN"
                + " ('GreetingRepository.findGreeting', 'override')")).isZero();
    }

    @Test
    void shouldNeverShowAPasswordOfAConfiguredUrlOnAnyPage() {
        HttpSession alice = new HttpSession(fixture);
        alice.login("alice", ConsoleFixture.ALICE_PASSWORD);
        assertThat(fixture.db.queryLong("SELECT count(*) FROM cutover.route_flag_audit WHERE reason LIKE ?",
                "%" + ConsoleFixture.SECRET + "%")).as("the secret is in the data the pages show").isEqualTo(1);
        for (String page : PAGES) {
            HttpResponse<String> response = alice.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).doesNotContain(ConsoleFixture.SECRET);
        }
        assertThat(alice.get("/audit").body()).contains("copied from jdbc:postgresql://db.internal:5432/app?user=app&amp;password=***");
    }

    @Test
    void shouldMarkTheSessionCookieHttpOnlyAndSameSiteAndRenewItAtLogin() {
        HttpSession alice = new HttpSession(fixture);
        HttpResponse<String> form = alice.get("/login");
        String before = form.headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> login = alice.login("alice", ConsoleFixture.ALICE_PASSWORD);
        String after = login.headers().firstValue("Set-Cookie").orElseThrow();

        assertThat(after).contains("CUTOVER_CONSOLE=", "HttpOnly", "SameSite=Strict");
        assertThat(after.split(";")[0]).as("a new session id at login").isNotEqualTo(before.split(";")[0]);
        assertThat(alice.get("/routes").headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
    }

    @Test
    void shouldLimitFailedLoginsFromOneAddress() {
        HttpSession guesser = new HttpSession(fixture);
        for (int i = 0; i < 5; i++) {
            assertThat(guesser.login("carol" + i, "guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = guesser.login("alice", ConsoleFixture.ALICE_PASSWORD);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("Too many failed logins: try again in 60 s.");

        clock.advance(Duration.ofSeconds(61));
        assertThat(guesser.login("alice", ConsoleFixture.ALICE_PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void shouldHaveTheDatabaseRefuseAnUpdateOrDeleteOfAnAuditRow() throws SQLException {
        fixture.appRoutes.set("GreetingRepository", "legacy", "fixture", "an audited change");
        try (Connection connection = fixture.db.connect(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE cutover.route_flag_audit SET actor = 'someone else'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only: UPDATE refused");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM cutover.route_flag_audit"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only: DELETE refused");
        }
        assertThat(fixture.db.queryLong("SELECT count(*) FROM cutover.route_flag_audit WHERE actor = 'someone else'")).isZero();
    }
}
