package dev.cutover.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.Ordered;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.test.context.TestExecutionListeners;

/**
 * The ops console mounted by the starter ({@code cutover.console.enabled=true}) behind the application's Spring
 * Security: nobody gets in without a login, a user with the console's role sees the routes.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestExecutionListeners(listeners = ConsoleMountTest.DropDatabases.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "cutover.console.enabled=true", "spring.security.user.password=ops-secret",
        "spring.security.user.roles=OPS,CUTOVER_CHANGE"})
class ConsoleMountTest {
    private static TestDatabase legacy;
    private static TestDatabase postgres;

    @Autowired
    private TestRestTemplate http;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry properties) {
        legacy = TestMariaDb.server().createDatabase("notes_console_legacy");
        postgres = TestPostgres.server().createDatabase("notes_console_target");
        legacy.execute("CREATE TABLE tbl_notes (note_id bigint PRIMARY KEY, text text NOT NULL)",
                "CREATE TABLE tbl_tags (note_id bigint PRIMARY KEY, name text NOT NULL)");
        postgres.execute("CREATE TABLE notes (id bigint PRIMARY KEY, text text NOT NULL)",
                "CREATE TABLE tags (note_id bigint PRIMARY KEY, name text NOT NULL)");
        properties.add("cutover.legacy.url", legacy::jdbcUrl);
        properties.add("cutover.legacy.user", legacy::username);
        properties.add("cutover.legacy.password", legacy::password);
        properties.add("cutover.postgres.url", postgres::jdbcUrl);
        properties.add("cutover.postgres.user", postgres::username);
        properties.add("cutover.postgres.password", postgres::password);
    }

    /** Drops the databases once the application is closed (after DirtiesContext's listener, as in NotesApplicationTest). */
    static final class DropDatabases implements TestExecutionListener, Ordered {
        @Override
        public int getOrder() {
            return 100;
        }

        @Override
        public void afterTestClass(TestContext testContext) {
            legacy.close();
            postgres.close();
        }
    }

    @Test
    void shouldRefuseAnUnauthenticatedRequest() {
        ResponseEntity<String> page = http.getForEntity("/cutover/console/routes", String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(page.getBody()).doesNotContain("NoteRepository");
    }

    @Test
    void shouldRefuseAUserWithoutTheConsoleRole() {
        ResponseEntity<String> page = http.withBasicAuth("ops", "wrong-password").getForEntity("/cutover/console/routes",
                String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void shouldShowTheRoutesToAnOperatorWithTheConsoleRole() {
        ResponseEntity<String> page = http.withBasicAuth("ops", "ops-secret").getForEntity("/cutover/console/routes",
                String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("id=\"routes-table\"", "NoteRepository.findById", "TagRepository",
                "id=\"current-user\">ops<", "role-change", "name=\"_csrf\"");
        assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("default-src 'none'");
    }
}
