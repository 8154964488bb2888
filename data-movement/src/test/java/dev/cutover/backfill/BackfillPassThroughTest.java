package dev.cutover.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Tables whose columns have the same types on both sides: copied by PostgreSQL's own binary COPY, chunk by chunk. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackfillPassThroughTest {
    /** A row of every kind the pass-through must carry unchanged. */
    public record Item(Long id, Object name, Object note, Object amount, Object at, Object localAt, Object doc,
            Object docText, Object blob, Object qty) {
    }

    private static final String COLUMNS = "id bigint PRIMARY KEY, name varchar(50) NOT NULL, note text, amount numeric(12,2), "
            + "at timestamptz, local_at timestamp, doc jsonb, doc_text json, blob bytea, qty integer";
    private static final int ROWS = 2_500;

    private TestDatabase legacyDb;
    private TestDatabase targetDb;
    private LegacyAdapter legacy;
    private PostgresAdapter postgres;

    @BeforeAll
    void setUp() {
        legacyDb = TestPostgres.server().createDatabase("passthrough_legacy");
        targetDb = TestPostgres.server().createDatabase("passthrough_target");
        legacyDb.execute("CREATE TABLE items (" + COLUMNS + ")",
                "INSERT INTO items SELECT g, 'Item ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE E'tab\\there\\nnew line '"
                        + " || g || E' back\\\\slash \\'quoted\\' ünïcødé' END, CASE WHEN g % 5 = 0 THEN NULL ELSE g * 1.25 END,"
                        + " timestamptz '2024-03-01 10:00:00.123456+03' + g * interval '1 minute', timestamp '1999-12-31"
                        + " 23:59:59.999999' + g * interval '1 day', CASE WHEN g % 7 = 0 THEN NULL ELSE jsonb_build_object("
                        + "'n', g, 'text', E'a\\tb\\\\c\\n\"q\"', 'list', jsonb_build_array(1.50, true, null)) END,"
                        + " CASE WHEN g % 11 = 0 THEN NULL ELSE ('{\"b\": 1, \"a\": [2.50,   3], \"n\": ' || g || '}')::json END,"
                        + " CASE WHEN g % 13 = 0 THEN NULL ELSE decode('00ff5c0a09' || lpad(to_hex(g), 8, '0'), 'hex') END,"
                        + " CASE WHEN g % 17 = 0 THEN NULL ELSE g END FROM generate_series(1, " + ROWS + ") g");
        legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl()).username(legacyDb.username())
                .password(legacyDb.password()).build());
        postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDb.jdbcUrl()).username(targetDb.username())
                .password(targetDb.password()).build());
        CutoverSchema.migrate(postgres);
        targetDb.execute("CREATE TABLE items (" + COLUMNS + ")",
                "CREATE TABLE items_text_name (" + COLUMNS.replace("varchar(50)", "text") + ")",
                "CREATE TABLE items_wide_qty (" + COLUMNS.replace("qty integer", "qty bigint") + ")",
                "CREATE TABLE items_checked (" + COLUMNS + ", CHECK (qty IS NULL OR qty <> 1234))");
    }

    @AfterAll
    void tearDown() {
        legacy.close();
        postgres.close();
        legacyDb.close();
        targetDb.close();
    }

    @BeforeEach
    void emptyTargets() {
        targetDb.execute("TRUNCATE items, items_text_name, items_wide_qty, items_checked",
                "DELETE FROM cutover.backfill_runs", "DELETE FROM cutover.backfill_quarantine");
    }

    private static EntityMapping<Item, Long> mapping(String table, ColumnType qty) {
        return EntityMapping.builder(Item.class, Long.class).table(table)
                .key("id", ColumnType.BIGINT, Item::id)
                .column("name", ColumnType.TEXT, Item::name)
                .nullableColumn("note", ColumnType.TEXT, Item::note)
                .nullableColumn("amount", ColumnType.NUMERIC, Item::amount)
                .nullableColumn("at", ColumnType.TIMESTAMPTZ, Item::at)
                .nullableColumn("local_at", ColumnType.TIMESTAMP, Item::localAt)
                .nullableColumn("doc", ColumnType.JSONB, Item::doc)
                .nullableColumn("doc_text", ColumnType.JSON, Item::docText)
                .nullableColumn("blob", ColumnType.BYTEA, Item::blob)
                .nullableColumn("qty", qty, Item::qty)
                .reader(row -> new Item(row.getLong("id"), row.get("name"), row.get("note"), row.get("amount"),
                        row.get("at"), row.get("local_at"), row.get("doc"), row.get("doc_text"), row.get("blob"),
                        row.get("qty")))
                .build();
    }

    private Backfill<Item, Long> backfill(String run, String target, ColumnType qty, BackfillConfig config) {
        EntityMapping<Item, Long> mapping = mapping(target, qty);
        return Backfill.of(run, BackfillSource.legacy(legacy, legacy.store(mapping, LegacyTable.named("items"))), postgres,
                config);
    }

    /** Every row's text, in key order, as one digest: equal digests mean the rows arrived identical. */
    private static String digest(TestDatabase database, String table) {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY"
                        + " id)) FROM " + table + " t")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldCopyATableOfTheSameTypesByPassThroughWithEveryValueIdentical() {
        BackfillReport report = backfill("same", "items", ColumnType.INTEGER,
                BackfillConfig.custom().chunkSize(1_000).workers(2).build()).run();

        assertThat(report.chunksDone()).isEqualTo(3);
        assertThat(report.rowsCopied()).isEqualTo(ROWS);
        assertThat(report.rowsPassedThrough()).isEqualTo(ROWS);
        assertThat(report.passedThrough()).isTrue();
        assertThat(digest(targetDb, "items")).isEqualTo(digest(legacyDb, "items")).startsWith(ROWS + ":");
        assertThat(targetDb.queryLong("SELECT sum(rows_copied) FROM cutover.backfill_chunks WHERE run = 'same'"))
                .isEqualTo(ROWS);
    }

    @Test
    void shouldCopyValueByValueWhenTurnedOffWithTheSameRowsArriving() {
        BackfillReport report = backfill("off", "items", ColumnType.INTEGER,
                BackfillConfig.custom().chunkSize(1_000).passThrough(false).build()).run();

        assertThat(report.rowsCopied()).isEqualTo(ROWS);
        assertThat(report.rowsPassedThrough()).isZero();
        assertThat(digest(targetDb, "items")).isEqualTo(digest(legacyDb, "items"));
    }

    @Test
    void shouldCopyValueByValueWhenAVarcharColumnIsTextInTheTarget() {
        BackfillReport report = backfill("text-name", "items_text_name", ColumnType.INTEGER,
                BackfillConfig.custom().chunkSize(1_000).build()).run();

        assertThat(report.rowsCopied()).isEqualTo(ROWS);
        assertThat(report.rowsPassedThrough()).isZero();
        assertThat(report.passedThrough()).isFalse();
        assertThat(digest(targetDb, "items_text_name")).isEqualTo(digest(legacyDb, "items"));
    }

    @Test
    void shouldCopyValueByValueWhenAnIntegerColumnIsBigintInTheTarget() {
        BackfillReport report = backfill("wide-qty", "items_wide_qty", ColumnType.BIGINT,
                BackfillConfig.custom().chunkSize(1_000).build()).run();

        assertThat(report.rowsCopied()).isEqualTo(ROWS);
        assertThat(report.rowsPassedThrough()).isZero();
        assertThat(digest(targetDb, "items_wide_qty")).isEqualTo(digest(legacyDb, "items"));
    }

    @Test
    void shouldQuarantineTheRowTheTargetRefusesInAPassThroughChunkAndCopyTheOthers() {
        Backfill<Item, Long> backfill = backfill("checked", "items_checked", ColumnType.INTEGER,
                BackfillConfig.custom().chunkSize(1_000).workers(1).build());

        BackfillReport report = backfill.run();

        assertThat(report.rowsCopied()).isEqualTo(ROWS - 1);
        assertThat(report.rowsQuarantined()).isEqualTo(1);
        assertThat(report.rowsPassedThrough()).isEqualTo(ROWS - 1_000); // the chunk holding 1234 went value by value
        assertThat(backfill.quarantine()).singleElement().satisfies(row -> {
            assertThat(row.key()).isEqualTo("[1234]");
            assertThat(row.reason()).startsWith("Rejected by PostgreSQL (SQLState 23514 check_violation): new row for "
                    + "relation \"items_checked\" violates check constraint");
            assertThat(row.rawValue()).contains("\"qty\":\"1234\"");
        });
        assertThat(targetDb.queryLong("SELECT count(*) FROM items_checked")).isEqualTo(ROWS - 1);
        assertThat(targetDb.queryLong("SELECT count(*) FROM items_checked WHERE id = 1234")).isZero();
    }

    @Test
    void shouldResumeAPassThroughRunStoppedMidTableWithoutDuplicatesOrGaps() {
        AtomicInteger chunks = new AtomicInteger();
        BackfillConfig stopping = BackfillConfig.custom().chunkSize(500).workers(1).listener(new BackfillListener() {
            @Override
            public void onProgress(BackfillProgress progress) {
                if (chunks.incrementAndGet() == 2) {
                    throw new IllegalStateException("stopped after two chunks");
                }
            }
        }).build();
        assertThatThrownBy(() -> backfill("resumed", "items", ColumnType.INTEGER, stopping).run())
                .isInstanceOf(BackfillException.class).hasMessageContaining("stopped after two chunks");
        assertThat(targetDb.queryLong("SELECT count(*) FROM items")).isEqualTo(1_000);

        BackfillReport report = backfill("resumed", "items", ColumnType.INTEGER,
                BackfillConfig.custom().chunkSize(500).workers(2).build()).run();

        assertThat(report.complete()).isTrue();
        assertThat(report.chunksDone()).isEqualTo(3);
        assertThat(report.rowsPassedThrough()).isEqualTo(1_500);
        assertThat(digest(targetDb, "items")).isEqualTo(digest(legacyDb, "items"));
    }

    @Test
    void shouldNeverOverwriteARowTheTargetHasInEitherLiveSafetyMode() {
        for (LiveSafety mode : LiveSafety.values()) {
            targetDb.execute("TRUNCATE items", "DELETE FROM cutover.backfill_runs",
                    "INSERT INTO items (id, name) VALUES (42, 'written by the application')");

            BackfillReport report = backfill("live-" + mode, "items", ColumnType.INTEGER,
                    BackfillConfig.custom().chunkSize(1_000).workers(1).liveSafety(mode).build()).run();

            assertThat(report.rowsCopied()).as(mode.name()).isEqualTo(ROWS - 1);
            assertThat(report.rowsSkipped()).as(mode.name()).isEqualTo(1);
            // Staged, the chunk passes through the staging table; plain COPY meets the row and redoes it value by value.
            assertThat(report.rowsPassedThrough()).as(mode.name())
                    .isEqualTo(mode == LiveSafety.STAGED_INSERT_MISSING ? ROWS : ROWS - 1_000);
            assertThat(targetDb.queryLong("SELECT count(*) FROM items WHERE id = 42 AND name = 'written by the "
                    + "application' AND note IS NULL")).as(mode.name()).isEqualTo(1);
            assertThat(targetDb.queryLong("SELECT count(*) FROM items")).as(mode.name()).isEqualTo(ROWS);
        }
    }
}
