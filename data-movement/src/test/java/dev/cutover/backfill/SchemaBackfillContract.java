package dev.cutover.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.sequences.SequenceMove;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A whole schema moved in one call, written once and run per legacy engine. */
abstract class SchemaBackfillContract {
    private TestDatabase legacyDb;
    private TestDatabase targetDb;
    private LegacyAdapter legacy;
    private PostgresAdapter postgres;

    /** An empty legacy database of the engine under test. */
    abstract TestDatabase legacyDatabase();

    @BeforeEach
    void setUp() {
        legacyDb = legacyDatabase();
        legacyDb.execute(Library.LEGACY);
        legacyDb.execute(Library.ROWS);
        targetDb = TestPostgres.server().createDatabase("schema_backfill_target");
        targetDb.execute(Library.TARGET);
        legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl()).username(legacyDb.username())
                .password(legacyDb.password()).build());
        postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDb.jdbcUrl()).username(targetDb.username())
                .password(targetDb.password()).build());
        CutoverSchema.migrate(postgres);
    }

    @AfterEach
    void tearDown() {
        legacy.close();
        postgres.close();
        legacyDb.close();
        targetDb.close();
    }

    private SchemaBackfill schema(String run) {
        return SchemaBackfill.of(run, Library.sources(legacy), postgres, BackfillConfig.custom().chunkSize(2).workers(2)
                .build());
    }

    @Test
    void shouldCopyParentsFirstDeferTheCycleAndQuarantineEveryRowWhoseParentIsMissing() {
        SchemaBackfill schema = schema("library");
        assertThat(schema.order()).containsExactly("tags", "books", "chapters", "authors");
        assertThat(schema.deferredForeignKeys()).extracting(ForeignKey::name).containsExactlyInAnyOrder(
                "authors_favourite_book_fk", "books_author_id_fkey", "chapters_parent_id_fkey");

        SchemaBackfillReport report = schema.run(3); // tables at once, each after its parents

        assertThat(report.order()).containsExactly("tags", "books", "chapters", "authors");
        assertThat(report.tables()).extracting(BackfillReport::entity, BackfillReport::rowsCopied).containsExactly(
                tuple("tags", 3L), tuple("books", 6L), tuple("chapters", 5L), tuple("authors", 3L));
        assertThat(report.restoredForeignKeys()).hasSize(3);
        assertThat(report.orphans()).extracting(QuarantinedRow::entity, QuarantinedRow::key).containsExactlyInAnyOrder(
                tuple("books", "[30]"), tuple("books", "[40]"), tuple("chapters", "[300]"), tuple("chapters", "[301]"),
                tuple("chapters", "[302]"));
        assertThat(report.orphans()).filteredOn(row -> row.key().equals("[40]")).singleElement()
                .satisfies(row -> {
                    assertThat(row.reason()).isEqualTo("Rejected by PostgreSQL (SQLState 23503 foreign_key_violation): foreign key "
                            + "books_author_id_fkey (column author_id): no row of authors has (id) equal to this row's; "
                            + "found when the key, dropped while the tables were copied (they reference each other), was "
                            + "restored");
                    assertThat(row.rawValue()).isEqualTo("{\"id\":40,\"author_id\":999,\"title\":\"E\"}");
                });
        // Quarantined bottom-up through every key, the restored ones too (they are back NOT VALID before any row moves).
        assertThat(report.orphans()).filteredOn(row -> row.key().equals("[300]")).singleElement()
                .extracting(QuarantinedRow::reason).isEqualTo("Follows its parent into the quarantine: foreign key "
                        + "chapters_book_id_fkey (column book_id) references a row of books that was quarantined");
        assertThat(report.orphans()).filteredOn(row -> row.key().equals("[302]")).singleElement()
                .extracting(QuarantinedRow::reason).isEqualTo("Follows its parent into the quarantine: foreign key "
                        + "chapters_parent_id_fkey (column parent_id) references a row of chapters that was quarantined");
        assertThat(report.phases()).containsKeys("catalog read", "tables copied",
                "indexes and keys restored after the copy", "foreign keys left restored");

        // Every foreign key is back and validated; the target holds only rows whose parents it holds.
        assertThat(targetDb.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated "
                + "AND connamespace = 'public'::regnamespace")).isEqualTo(4);
        assertThat(targetDb.queryLong("SELECT count(*) FROM cutover.backfill_deferred_constraints")).isZero();
        assertThat(targetDb.queryLong("SELECT count(*) FROM books")).isEqualTo(4);
        assertThat(targetDb.queryLong("SELECT count(*) FROM chapters")).isEqualTo(2);

        // The rows set aside at copy time name their column too; every record is in its table's quarantine.
        List<QuarantinedRow> chapters = schema.backfill("chapters").quarantine();
        assertThat(chapters).extracting(QuarantinedRow::key).containsExactly("[300]", "[301]", "[302]", "[500]");
        assertThat(chapters.get(3).reason()).startsWith("Rejected by PostgreSQL (SQLState 23503 foreign_key_violation): insert or update on "
                + "table \"chapters\" violates foreign key constraint \"chapters_book_id_fkey\"").endsWith("(column book_id)");
        assertThat(schema.backfill("authors").quarantine()).extracting(QuarantinedRow::key, QuarantinedRow::sqlState)
                .containsExactly(tuple("[3]", "23514"));
        assertThat(schema.backfill("books").status().rowsQuarantined()).isEqualTo(2);
        assertThat(schema.backfill("books").status().rowsCopied()).isEqualTo(4);

        // Sequences: past the copied maxima, the integer identity to its last value.
        assertThat(report.sequences()).extracting(SequenceMove::sequence, SequenceMove::nextAfter).containsExactly(
                tuple("public.tags_id_seq", 2147483647L), tuple("public.books_id_seq", 42L),
                tuple("public.authors_id_seq", 5L));
        targetDb.execute("INSERT INTO authors (name) VALUES ('new')", "INSERT INTO books (author_id, title) VALUES (1, 'new')",
                "INSERT INTO tags (label) VALUES ('last')");
        assertThat(targetDb.queryLong("SELECT max(id) FROM authors")).isEqualTo(5);
        assertThat(targetDb.queryLong("SELECT max(id) FROM tags")).isEqualTo(2147483647L);
    }

    @Test
    void shouldBulkLoadTheEmptyTablesAndRestoreTheirKeysAndIndexesAfterTheCopy() {
        targetDb.execute("CREATE INDEX chapters_title_idx ON chapters (title)", "CREATE INDEX tags_label_idx ON tags (label)",
                "INSERT INTO tags (id, label) VALUES (7, 'written by the application')");
        SchemaBackfill schema = SchemaBackfill.of("bulk", Library.sources(legacy), postgres, BackfillConfig.custom()
                .chunkSize(2).workers(2).bulkLoad(true).build());
        assertThat(schema.deferredForeignKeys()).extracting(ForeignKey::name).containsExactlyInAnyOrder(
                "authors_favourite_book_fk", "books_author_id_fkey", "chapters_book_id_fkey", "chapters_parent_id_fkey");
        assertThat(schema.order()).containsExactly("chapters", "tags", "books", "authors"); // nothing left to wait for

        SchemaBackfillReport report = schema.run(4);

        // Chapter 500 (its book does not exist) is found when its key is restored, not when it is copied.
        assertThat(report.orphans()).extracting(QuarantinedRow::entity, QuarantinedRow::key).containsExactlyInAnyOrder(
                tuple("books", "[30]"), tuple("books", "[40]"), tuple("chapters", "[300]"), tuple("chapters", "[301]"),
                tuple("chapters", "[302]"), tuple("chapters", "[500]"));
        assertThat(report.orphans()).filteredOn(row -> row.key().equals("[500]")).singleElement()
                .extracting(QuarantinedRow::reason).isEqualTo("Rejected by PostgreSQL (SQLState 23503 "
                        + "foreign_key_violation): foreign key chapters_book_id_fkey (column book_id): no row of books has "
                        + "(id) equal to this row's; found when the key, dropped while the tables were copied (its table "
                        + "was empty, so loaded in bulk), was restored");
        assertThat(schema.backfill("chapters").status().rowsQuarantined()).isEqualTo(4);
        assertThat(targetDb.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated "
                + "AND connamespace = 'public'::regnamespace")).isEqualTo(4);
        // The empty table's index was dropped and built again; the table the application writes kept its own.
        assertThat(targetDb.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname IN ('chapters_title_idx', "
                + "'tags_label_idx')")).isEqualTo(2);
        assertThat(targetDb.queryLong("SELECT count(*) FROM cutover.backfill_deferred_indexes")).isZero();
        assertThat(targetDb.queryLong("SELECT count(*) FROM cutover.backfill_deferred_constraints")).isZero();
        assertThat(targetDb.queryLong("SELECT count(*) FROM chapters")).isEqualTo(2);
        assertThat(targetDb.queryLong("SELECT count(*) FROM tags")).isEqualTo(4);
        assertThat(report.phases().get("index builds, summed")).isPositive();
    }

    @Test
    void shouldBuildTheDroppedIndexesWhenAStoppedBulkLoadIsRunAgain() {
        targetDb.execute("CREATE INDEX chapters_title_idx ON chapters (title)");
        legacyDb.execute("UPDATE chapters SET title = 'bad' WHERE id < 200");
        targetDb.execute("ALTER TABLE chapters ADD CONSTRAINT chapters_title_check CHECK (title <> 'bad')");
        SchemaBackfill schema = SchemaBackfill.of("bulk-stopped", Library.sources(legacy), postgres, BackfillConfig.custom()
                .chunkSize(10).maxQuarantinedPerChunk(1).bulkLoad(true).build());

        assertThatThrownBy(schema::run).isInstanceOf(BackfillException.class)
                .hasMessageContaining("chunk 0 had more than 1 rows to set aside");
        assertThat(targetDb.queryLong("SELECT count(*) FROM cutover.backfill_deferred_indexes")).isEqualTo(1);
        assertThat(targetDb.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'chapters_title_idx'")).isZero();

        legacyDb.execute("UPDATE chapters SET title = 'fixed' WHERE id < 200");
        SchemaBackfillReport report = schema.run(); // chapters was planned: no longer new, but its index stays recorded

        assertThat(report.restoredForeignKeys()).hasSize(4);
        assertThat(targetDb.queryLong("SELECT count(*) FROM pg_indexes WHERE indexname = 'chapters_title_idx'")).isEqualTo(1);
        assertThat(targetDb.queryLong("SELECT count(*) FROM cutover.backfill_deferred_indexes")).isZero();
        assertThat(targetDb.queryLong("SELECT count(*) FROM chapters")).isEqualTo(2);
    }

    @Test
    void shouldRestoreTheDroppedKeysWhenAStoppedRunIsRunAgain() {
        // The chapters' backfill stops (too many bad rows in a chunk) after the cycle's keys were dropped.
        legacyDb.execute("UPDATE chapters SET book_id = 777");
        SchemaBackfill schema = SchemaBackfill.of("stopped", Library.sources(legacy), postgres, BackfillConfig.custom()
                .chunkSize(10).maxQuarantinedPerChunk(2).build());

        assertThatThrownBy(schema::run).isInstanceOf(BackfillException.class)
                .hasMessageContaining("chunk 0 had more than 2 rows to set aside")
                .hasMessageContaining("the 3 rows set aside so far are in the quarantine of run 'stopped'");
        assertThat(targetDb.queryLong("SELECT count(*) FROM cutover.backfill_deferred_constraints")).isEqualTo(3);
        assertThat(schema.backfill("chapters").quarantine()).hasSize(3).extracting(QuarantinedRow::sqlState)
                .containsOnly("23503");

        legacyDb.execute("UPDATE chapters SET book_id = 10");
        SchemaBackfillReport report = schema.run();

        assertThat(report.restoredForeignKeys()).hasSize(3);
        assertThat(schema.backfill("chapters").quarantine()).isEmpty();
        assertThat(targetDb.queryLong("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated "
                + "AND connamespace = 'public'::regnamespace")).isEqualTo(4);
        assertThat(targetDb.queryLong("SELECT count(*) FROM chapters")).isEqualTo(6);
    }

    @Test
    void shouldStopLoudlyWhenEveryRowOfATableIsQuarantinedEvenAtExactlyThePerChunkLimit() {
        legacyDb.execute("UPDATE authors SET name = 'bad'");
        Backfill<?, ?> authors = Backfill.of("all-bad", Library.sources(legacy).get(3), postgres, BackfillConfig.custom()
                .chunkSize(4).maxQuarantinedPerChunk(4).build());

        assertThatThrownBy(authors::run).isInstanceOf(BackfillException.class).hasMessage("Backfill run 'all-bad' of "
                + "authors set aside every one of its 4 rows (the first, key [1]: Rejected by PostgreSQL (SQLState 23514 check_violation): "
                + "new row for relation \"authors\" violates check constraint \"authors_name_check\"); a table none of "
                + "whose rows fit looks like a schema or mapping problem rather than bad rows. The rows are in the "
                + "quarantine (cutover quarantine list --run all-bad); fix the cause, then copy them with cutover "
                + "quarantine retry --run all-bad (Backfill.retryQuarantined())");
        assertThat(authors.quarantine()).hasSize(4);
    }

    @Test
    void shouldStopNamingTheSequenceWhenTheCopiedIdsLeaveItNoValue() {
        legacyDb.execute("UPDATE tags SET id = 2147483647 WHERE id = 2147483646");
        Backfill<?, ?> tags = Backfill.of("full", Library.sources(legacy).get(1), postgres, BackfillConfig.ofDefaults());

        assertThatThrownBy(tags::run).isInstanceOf(BackfillException.class).hasMessage("Backfill run 'full' of tags "
                + "copied every chunk, but its sequences could not be moved past the copied values: Sequence "
                + "public.tags_id_seq (of public.tags.id) cannot move past the copied maximum 2147483647: its MAXVALUE "
                + "2147483647 leaves no value for the next insert. Widen the column (integer) and its sequence to bigint: "
                + "ALTER TABLE \"public\".\"tags\" ALTER COLUMN \"id\" TYPE bigint; then reset again.; once fixed, run "
                + "'cutover sequences reset tags' (Sequences.reset)");
        assertThat(targetDb.queryLong("SELECT count(*) FROM tags")).isEqualTo(3);
    }
}
