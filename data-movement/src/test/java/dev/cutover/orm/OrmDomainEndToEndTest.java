package dev.cutover.orm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.cutover.backfill.Backfill;
import dev.cutover.backfill.BackfillConfig;
import dev.cutover.backfill.BackfillReport;
import dev.cutover.backfill.BackfillSource;
import dev.cutover.backfill.QuarantinedRow;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.mapping.spi.Values;
import dev.cutover.compare.Comparison;
import dev.cutover.orm.OrmDomain.Asset;
import dev.cutover.orm.OrmDomain.Post;
import dev.cutover.store.EntityStore;
import dev.cutover.orm.OrmDomain.User;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.postgres.PostgresSchemaCheck;
import dev.cutover.schema.SchemaProblem;
import dev.cutover.schemacheck.SchemaCheck;
import dev.cutover.schemacheck.SchemaFinding;
import dev.cutover.schemacheck.SchemaReport;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import dev.cutover.verify.RowMismatch;
import dev.cutover.verify.VerifyConfig;
import dev.cutover.verify.VerifyReport;
import dev.cutover.verify.Verifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OrmDomain} end to end on each legacy engine: the schema check accepts the declared bindings, the backfill
 * copies every row that converts and quarantines each row that does not (keys included) with its key as the legacy
 * database shows it, and verify, comparing with the copy's semantics, finds the copied rows equal and lists the rest.
 */
@Tag("slow")
class OrmDomainEndToEndTest {

    @ParameterizedTest(name = "legacy on {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void shouldCheckBackfillAndVerifyAnOrmSchemaDeclaringOnlyItsConversions(String engine) throws Exception {
        boolean mariadb = engine.equals("mariadb");
        char quote = mariadb ? '`' : '"';
        String hugeKey = mariadb ? "18446744073709550615" : "99999999999999999999";
        try (TestDatabase legacyDb = mariadb ? TestMariaDb.server().createDatabase("orm")
                : TestPostgres.server().createDatabase("orm_legacy");
                TestDatabase targetDb = TestPostgres.server().createDatabase("orm_target")) {
            legacyDb.execute(OrmDomain.legacyDdl(mariadb));
            legacyDb.execute(OrmRows.users(quote).toArray(String[]::new));
            legacyDb.execute(OrmRows.posts(quote, hugeKey).toArray(String[]::new));
            legacyDb.execute(OrmRows.assets(mariadb).toArray(String[]::new));
            targetDb.execute(OrmDomain.TARGET_DDL);
            targetDb.execute(OrmDomain.TARGET_ASSET_DDL);
            try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(legacyDb.jdbcUrl())
                    .username(legacyDb.username()).password(legacyDb.password()).build());
                    PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(targetDb.jdbcUrl())
                            .username(targetDb.username()).password(targetDb.password()).build())) {
                CutoverSchema.migrate(postgres);

                SchemaReport schema = SchemaCheck.of(legacy, postgres).entity(OrmDomain.USERS, OrmDomain.LEGACY_USERS)
                        .entity(OrmDomain.POSTS, OrmDomain.LEGACY_POSTS)
                        .entity(OrmDomain.ASSETS, OrmDomain.legacyAssets(mariadb)).report();
                // The one problem: the target's enum type lacks a legacy label, so rows holding it will be quarantined.
                assertThat(schema.problems()).as(schema.toText()).extracting(SchemaFinding::toString).containsExactly(
                        "postgres table public.assets: column kind is enum type asset_kind (PHOTO, VIDEO), which lacks "
                                + "the label AUDIO that legacy Asset.kind holds: each row holding one is refused (22P02) and "
                                + "quarantined; add it with ALTER TYPE asset_kind ADD VALUE 'AUDIO'");
                // Without the mapping's exclusion, posts.summary would be left NULL in every copied row.
                EntityMapping<Object[], Long> postsWithoutSummary = EntityMapping.builder(Object[].class, Long.class)
                        .table("posts").key("id", ColumnType.BIGINT, v -> v[0]).column("title", ColumnType.TEXT, v -> v[1])
                        .column("author_id", ColumnType.UUID, v -> v[2]).column("view_count", ColumnType.INTEGER, v -> v[3])
                        .column("published", ColumnType.BOOLEAN, v -> v[4]).nullableColumn("price", ColumnType.NUMERIC,
                                v -> v[5]).nullableColumn("select", ColumnType.TEXT, v -> v[6])
                        .nullableColumn("metadata", ColumnType.JSONB, v -> v[7]).reader(row -> row.values()).build();
                assertThat(PostgresSchemaCheck.unfilledColumns(postgres, postsWithoutSummary)).singleElement()
                        .satisfies(problem -> assertThat(problem.kind()).isEqualTo(SchemaProblem.Kind.UNMAPPED_COLUMN))
                        .extracting(SchemaProblem::message).isEqualTo("column summary (text) is filled by no mapping "
                                + "column and has no default, so every copied row would leave it NULL: map it (as "
                                + "ColumnType.TEXT), or leave it empty on purpose with .exclude(\"summary\", \"<reason>\") on "
                                + "the mapping");

                BackfillConfig config = BackfillConfig.custom().chunkSize(5).maxQuarantinedPerChunk(5).build();
                Backfill<User, UUID> users = Backfill.of("orm-users", BackfillSource.legacy(legacy,
                        legacy.store(OrmDomain.USERS, OrmDomain.LEGACY_USERS)), postgres, config);
                BackfillReport usersCopied = users.run();
                Backfill<Post, Long> posts = Backfill.of("orm-posts", BackfillSource.legacy(legacy,
                        legacy.store(OrmDomain.POSTS, OrmDomain.LEGACY_POSTS)), postgres, config);
                BackfillReport postsCopied = posts.run();

                assertThat(usersCopied.rowsCopied()).isEqualTo(OrmRows.USERS.length + OrmRows.REGULAR_USERS - 3);
                assertThat(users.quarantine()).extracting(QuarantinedRow::key, QuarantinedRow::reason).containsExactlyInAnyOrder(
                        tuple("[\"a0000000-0000-4000-8000-000000000005\"]", "Legacy User.createdAt (key "
                                + "a0000000-0000-4000-8000-000000000005) holds 2024-03-31T02:30, a time that does not "
                                + "exist in Europe/Paris (skipped by a daylight-saving change), so it names no instant; "
                                + "correct the legacy row"),
                        tuple("[\"a0000000-0000-4000-8000-000000000007\"]", "users.profile (key "
                                + "a0000000-0000-4000-8000-000000000007) is not valid JSON: Unexpected end-of-input "
                                + "within/between Object entries; value starts with '{\"broken\": '"),
                        tuple("[\"not-a-uuid\"]", "Legacy User.id (key not-a-uuid) is not a UUID in 8-4-4-4-12 hex "
                                + "digits: value starts with 'not-a-uuid'"));
                assertThat(postsCopied.rowsCopied()).isEqualTo(21);
                assertThat(posts.quarantine()).extracting(QuarantinedRow::key, QuarantinedRow::reason).containsExactlyInAnyOrder(
                        tuple("[21]", "Legacy Post.viewCount (key 21) holds 3000000000, which is outside INTEGER's range "
                                + "(-2147483648 to 2147483647); it is never wrapped: correct the legacy row, or widen the "
                                + "target column and its mapping"),
                        tuple("[22]", "Legacy Post.published (key 22) holds 2, but a SMALLINT_BOOLEAN column holds only 0 "
                                + "(false) or 1 (true)"),
                        tuple("[23]", "Legacy Post.price (key 23) holds 1.2345, which has more than the declared 2 "
                                + "fractional digits, so the target would round it to 1.23; it is never rounded silently: "
                                + "correct the legacy row, or declare Conversion.decimal(2, Conversion.OnRounding.REPORT) "
                                + "to copy it rounded and have verify list it"),
                        tuple("[" + hugeKey + "]", "Legacy Post.id (key " + hugeKey + ") holds " + hugeKey + ", which is "
                                + "outside BIGINT's range (-9223372036854775808 to 9223372036854775807); it is never "
                                + "wrapped: correct the legacy row, or widen the target column and its mapping"));

                // The SQLState PostgreSQL raises for such a value; none where it would take the value and change it.
                assertThat(users.quarantine()).extracting(QuarantinedRow::key, QuarantinedRow::sqlState)
                        .containsExactlyInAnyOrder(tuple("[\"a0000000-0000-4000-8000-000000000005\"]", null),
                                tuple("[\"a0000000-0000-4000-8000-000000000007\"]", "22P02"), tuple("[\"not-a-uuid\"]", "22P02"));
                assertThat(posts.quarantine()).extracting(QuarantinedRow::key, QuarantinedRow::sqlState)
                        .containsExactlyInAnyOrder(tuple("[21]", "22003"), tuple("[22]", "22P02"), tuple("[23]", null),
                                tuple("[" + hugeKey + "]", "22003"));

                // What the copy made of each conversion, as PostgreSQL holds it.
                var target = postgres.store(OrmDomain.USERS);
                User ben = target.findByKey(UUID.fromString("a0000000-0000-4000-8000-00000000000a")).orElseThrow();
                assertThat(ben.isAdmin()).isTrue();
                assertThat(ben.role()).isEqualTo("ADMIN");
                assertThat(ben.createdAt()).isEqualTo(Instant.parse("2024-07-01T10:00:00.123Z"));
                assertThat(ben.profile()).isEqualTo(Values.json().readTree("{\"a\": 2}"));
                User cy = target.findByKey(UUID.fromString("a0000000-0000-4000-8000-000000000003")).orElseThrow();
                assertThat(cy.isAdmin()).isTrue();
                assertThat(cy.createdAt()).isEqualTo(Instant.parse("2024-10-27T00:30:00Z"));
                assertThat(targetDb.queryLong("SELECT count(*) FROM users WHERE profile IS NOT NULL "
                        + "AND jsonb_typeof(profile) = 'null'")).isEqualTo(1);
                assertThat(targetDb.queryLong("SELECT count(*) FROM users WHERE profile IS NULL")).isEqualTo(1);
                assertThat(targetDb.queryLong("SELECT count(*) FROM users WHERE profile->>'n' = "
                        + "'12345678901234567890.12345678901234567890'")).isEqualTo(1);
                Post upper = postgres.store(OrmDomain.POSTS).findByKey(24L).orElseThrow();
                assertThat(upper.authorId()).isEqualTo(ben.id());
                assertThat(upper.price()).isEqualTo(new BigDecimal("2.50"));
                assertThat(upper.viewCount()).isEqualTo(Integer.MAX_VALUE);

                // Rows whose key the mapping's type cannot hold are kept: verify lists them as unreadable, with the key
                // as the legacy database shows it, and goes on with the rest.
                VerifyConfig verifyConfig = VerifyConfig.custom().rangeSize(7).pageSize(4).recheckDelay(Duration.ZERO)
                        .build();
                VerifyReport usersVerified = Verifier.of(OrmDomain.USERS, legacy, OrmDomain.LEGACY_USERS, postgres,
                        verifyConfig).verify();
                VerifyReport postsVerified = Verifier.of(OrmDomain.POSTS, legacy, OrmDomain.LEGACY_POSTS, postgres,
                        verifyConfig).verify();

                assertThat(usersVerified.mismatches()).as(usersVerified.toText())
                        .extracting(RowMismatch::kind, RowMismatch::describeKey).containsExactly(
                                tuple(RowMismatch.Kind.UNREADABLE, "id=a0000000-0000-4000-8000-000000000005"),
                                tuple(RowMismatch.Kind.UNREADABLE, "id=a0000000-0000-4000-8000-000000000007"),
                                tuple(RowMismatch.Kind.UNREADABLE, "id=not-a-uuid"));
                assertThat(postsVerified.mismatches()).as(postsVerified.toText())
                        .extracting(RowMismatch::kind, RowMismatch::describeKey).containsExactly(
                                tuple(RowMismatch.Kind.UNREADABLE, "id=21"), tuple(RowMismatch.Kind.UNREADABLE, "id=22"),
                                tuple(RowMismatch.Kind.UNREADABLE, "id=23"),
                                tuple(RowMismatch.Kind.UNREADABLE, "id=" + hugeKey));
                // One key format: each row verify cannot read is the quarantine's row of the same key.
                assertThat(postsVerified.mismatches()).extracting(RowMismatch::rowKey)
                        .containsExactlyInAnyOrderElementsOf(posts.quarantine().stream().map(QuarantinedRow::key).toList());
                assertThat(usersVerified.mismatches()).extracting(RowMismatch::rowKey)
                        .containsExactlyInAnyOrderElementsOf(users.quarantine().stream().map(QuarantinedRow::key).toList());
                assertThat(postsVerified.toJson()).contains("\"rowKey\":\"[" + hugeKey + "]\"");
                assertThat(postsVerified.mismatches().get(3).toString()).isEqualTo("unreadable in legacy id=" + hugeKey
                        + " [" + hugeKey + "] column id: its key id holds " + hugeKey + ", which BIGINT cannot hold; the backfill "
                        + "quarantines this row");
                assertThat(usersVerified.columns().compared()).containsExactly("id", "email", "display_name", "is_admin",
                        "role", "created_at", "profile", "order");
                assertThat(usersVerified.columns().notCompared()).containsExactly(Map.entry("legacy legacyHash",
                        "excluded: a digest the new application recomputes"));
                assertThat(postsVerified.columns().notCompared()).containsExactly(Map.entry("postgres summary",
                        "left empty: written by the new application's summariser"));
                assertThat(postsVerified.toText()).contains("  columns compared: id, author_id, title, view_count, "
                        + "published, price, select, metadata; not compared: postgres summary (left empty: written by the "
                        + "new application's summariser)\n");
                assertThat(usersVerified.statistics().rowsCompared() + postsVerified.statistics().rowsCompared())
                        .isGreaterThanOrEqualTo(17 + 21);

                checkAssets(mariadb, legacy, postgres, targetDb, config, verifyConfig);
            }
        }
    }

    /** The target types beyond the common ones, through schema check, backfill, both stores and verify. */
    private static void checkAssets(boolean mariadb, LegacyAdapter legacy, PostgresAdapter postgres, TestDatabase targetDb,
            BackfillConfig config, VerifyConfig verifyConfig) throws Exception {
        Backfill<Asset, Integer> assets = Backfill.of("orm-assets", BackfillSource.legacy(legacy,
                legacy.store(OrmDomain.ASSETS, OrmDomain.legacyAssets(mariadb))), postgres, config);
        assertThat(assets.run().rowsCopied()).isEqualTo(3);
        assertThat(assets.quarantine()).singleElement().satisfies(row -> {
            assertThat(row.key()).isEqualTo("[3]");
            assertThat(row.reason()).startsWith("Rejected by PostgreSQL (SQLState 22P02 invalid_text_representation): invalid input value for enum "
                    + "asset_kind: \"AUDIO\"");
        });

        EntityStore<Asset, Integer> target = postgres.store(OrmDomain.ASSETS);
        Asset first = target.findByKey(1).orElseThrow();
        assertThat(first.rank()).isEqualTo((short) 255);
        assertThat(first.ratio()).isEqualTo(0.1f);
        assertThat(first.score()).isEqualTo(1e300);
        assertThat(first.code()).isEqualTo("ab");
        assertThat(first.picture()).isEqualTo(OrmRows.picture());
        assertThat(first.opensAt()).isEqualTo(LocalTime.of(23, 59, 59, 500_000_000));
        assertThat(first.takenAt()).isEqualTo(LocalDateTime.of(2024, 2, 29, 12, 0, 0, 123_456_000));
        assertThat(first.kind()).isEqualTo("PHOTO");
        assertThat(first.tags()).containsExactly("red", "blue");
        assertThat(first.madeIn()).isEqualTo((short) 1999);
        assertThat(targetDb.queryLong("SELECT octet_length(code::text || '|') FROM assets WHERE id = 1"))
                .as("PostgreSQL pads a character(4); the padding is not part of the value").isEqualTo(3);
        Asset second = target.findByKey(2).orElseThrow();
        assertThat(second.tags()).isEmpty();
        assertThat(second.picture()).isNull();
        Asset fourth = target.findByKey(4).orElseThrow();
        assertThat(fourth.picture()).isEmpty();
        assertThat(fourth.takenAt()).isEqualTo(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000));

        VerifyReport verified = Verifier.of(OrmDomain.ASSETS, legacy, OrmDomain.legacyAssets(mariadb), postgres,
                verifyConfig).verify();
        assertThat(verified.mismatches()).as(verified.toText()).extracting(RowMismatch::kind, RowMismatch::describeKey)
                .containsExactly(tuple(RowMismatch.Kind.MISSING, "id=3"));

        // Both stores write each type back: a row written on each side reads back equal on the other.
        EntityStore<Asset, Integer> source = legacy.store(OrmDomain.ASSETS, OrmDomain.legacyAssets(mariadb));
        Asset written = new Asset(5, (short) 200, 1.5e38f, -0.5, "z", new byte[] {1, 0, (byte) 0x80},
                LocalTime.of(0, 0, 0, 1_000), LocalDateTime.of(1999, 12, 31, 23, 59, 59), "VIDEO", List.of("red", "blue"),
                (short) 2001);
        target.upsertAll(List.of(written));
        source.upsertAll(List.of(written));
        assertThat(Comparison.ofDefaults().compare(source.findByKey(5).orElseThrow(), target.findByKey(5).orElseThrow())
                .differences()).isEmpty();
        assertThat(Comparison.ofDefaults().compare(written, target.findByKey(5).orElseThrow()).differences()).isEmpty();
    }
}
