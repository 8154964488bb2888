package dev.cutover.examples.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.Ordered;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.test.context.TestExecutionListeners;

/**
 * The example application on real servers from the test kit: MariaDB as the legacy database, PostgreSQL as the target;
 * the Actuator endpoint and health over HTTP; a route flipped through the endpoint; a unit of work rolled back.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestExecutionListeners(listeners = NotesApplicationTest.DropDatabases.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.security.user.password=ops-secret")
class NotesApplicationTest {
    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };
    private static TestDatabase legacy;
    private static TestDatabase postgres;

    @Autowired
    private TestRestTemplate http;
    @Autowired
    private NoteRepository notes;
    @Autowired
    private TagRepository tags;
    @Autowired
    private NoteService service;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry properties) {
        legacy = TestMariaDb.server().createDatabase("notes_legacy");
        postgres = TestPostgres.server().createDatabase("notes_target");
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

    /**
     * Drops the databases once the application is closed (it reads both until then): after {@link DirtiesContext}'s
     * listener, which closes it, as listeners end in the reverse of their order.
     */
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

    private TestRestTemplate ops() {
        return http.withBasicAuth("ops", "ops-secret");
    }

    @Test
    void shouldServeHealthAndTheRouteTableOverHttp() {
        ResponseEntity<Map<String, Object>> health = http.exchange("/actuator/health", HttpMethod.GET, null, JSON);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody()).containsEntry("status", "UP");
        assertThat(health.getBody().get("components").toString()).contains("cutover={status=UP");

        assertThat(http.getForEntity("/actuator/cutover", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<Map<String, Object>> state = ops().exchange("/actuator/cutover", HttpMethod.GET, null, JSON);
        assertThat(state.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((List<?>) state.getBody().get("routes")).extracting(Object::toString).contains(
                "{method=TagRepository.findByNoteId, kind=read, route=postgres, origin=repository,"
                        + " source=cutover.routes.TagRepository (as CUTOVER_ROUTE__TAG_REPOSITORY)}",
                "{method=NoteRepository.save, kind=write, route=legacy, origin=default, source=built-in default}");
        assertThat(state.getBody()).containsKeys("flagStore", "instances", "outboxes", "verify");
    }

    @Test
    void shouldServeTheNextCallFromTheOtherBackendOnceARouteIsFlippedThroughTheEndpoint() {
        legacy.execute("INSERT INTO tbl_notes VALUES (7, 'from legacy')");
        postgres.execute("INSERT INTO notes VALUES (7, 'from postgres')");
        assertThat(notes.findById(7)).contains(new Note(7, "from legacy"));

        ResponseEntity<Map<String, Object>> dual = ops().exchange("/actuator/cutover", HttpMethod.POST, new HttpEntity<>(
                Map.of("action", "set", "target", "NoteRepository.save", "route", "legacy-dual", "reason", "writes reach both")),
                JSON);
        assertThat(dual.getStatusCode()).as("reads on postgres need the writes to reach it first").isEqualTo(HttpStatus.OK);
        ResponseEntity<Map<String, Object>> flip = ops().exchange("/actuator/cutover", HttpMethod.POST, new HttpEntity<>(
                Map.of("action", "set", "target", "NoteRepository.findById", "route", "postgres", "reason", "canary")), JSON);

        assertThat(flip.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(flip.getBody().get("audit").toString()).contains("actor=ops (actuator)", "target=NoteRepository.findById",
                "to=postgres", "reason=canary");
        assertThat(notes.findById(7)).contains(new Note(7, "from postgres"));

        ResponseEntity<Map<String, Object>> typo = ops().exchange("/actuator/cutover", HttpMethod.POST, new HttpEntity<>(
                Map.of("action", "set", "target", "NoteRepository.findByIdd", "route", "legacy", "reason", "typo")), JSON);
        assertThat(typo.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(typo.getBody().get("error").toString()).contains("did you mean NoteRepository.findById?");

        ResponseEntity<Map<String, Object>> back = ops().exchange("/actuator/cutover", HttpMethod.POST, new HttpEntity<>(
                Map.of("action", "clear", "target", "NoteRepository.findById", "reason", "done")), JSON);
        assertThat(back.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(notes.findById(7)).contains(new Note(7, "from legacy"));
        ResponseEntity<Map<String, Object>> writesBack = ops().exchange("/actuator/cutover", HttpMethod.POST, new HttpEntity<>(
                Map.of("action", "clear", "target", "NoteRepository.save", "reason", "done")), JSON);
        assertThat(writesBack.getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void shouldRollBackBothBackendsWhenTheSecondWriteOfATransactionalMethodFails() {
        assertThatThrownBy(() -> service.saveTagged(new Note(20, null), new Tag(20, "draft")))
                .isInstanceOf(RuntimeException.class);

        assertThat(postgres.queryLong("SELECT count(*) FROM tags WHERE note_id = 20")).isZero();
        assertThat(legacy.queryLong("SELECT count(*) FROM tbl_notes WHERE note_id = 20")).isZero();

        service.saveTagged(new Note(21, "kept"), new Tag(21, "final"));
        assertThat(postgres.queryLong("SELECT count(*) FROM tags WHERE note_id = 21")).isEqualTo(1);
        assertThat(legacy.queryLong("SELECT count(*) FROM tbl_notes WHERE note_id = 21")).isEqualTo(1);
        assertThat(tags.findByNoteId(21)).containsExactly(new Tag(21, "final"));
    }
}
