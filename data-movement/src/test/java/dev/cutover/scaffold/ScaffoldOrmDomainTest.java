package dev.cutover.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.orm.OrmDomain;
import dev.cutover.orm.OrmRows;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scaffold on the ORM test domain ({@link OrmDomain}: quoted camelCase, reserved words, uuids and JSON as text, wider
 * counters, naive local times, an identity target column; and {@code Asset}'s smallint, real, double, char(n), bytea,
 * time, timestamp, enum type, text[] and MariaDB set and year): the generated record, mapping and binding make the
 * same declarations the hand-written ones make; once the one decision left (why {@code legacyHash} stays behind) is made,
 * the output compiles with {@code -Xlint:all -Werror}, and its mapping and binding copy and verify every row with 0
 * differences, on each legacy engine.
 */
class ScaffoldOrmDomainTest {
    /** The command line docs/scaffold.md shows, as the header of the generated files. */
    static final String COMMAND = "cutover 0.1.0-SNAPSHOT: cutover scaffold --table User=users --table Post=posts "
            + "--table Asset=assets --package com.example.orm --legacy-zone Europe/Paris";

    @TempDir
    Path work;

    @ParameterizedTest(name = "legacy on {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void shouldGenerateCodeThatCopiesAndVerifiesTheOrmDomain(String engine) throws Exception {
        boolean mariadb = engine.equals("mariadb");
        char quote = mariadb ? '`' : '"';
        try (TestDatabase legacyDb = mariadb ? TestMariaDb.server().createDatabase("scaffold_orm")
                : TestPostgres.server().createDatabase("scaffold_orm_legacy");
                TestDatabase targetDb = TestPostgres.server().createDatabase("scaffold_orm_target")) {
            legacyDb.execute(OrmDomain.legacyDdl(mariadb));
            legacyDb.execute(OrmRows.users(quote).toArray(String[]::new));
            legacyDb.execute(OrmRows.posts(quote, "1000").toArray(String[]::new));
            // Rows the hand-written end-to-end test quarantines on purpose: here every row must copy.
            String user = quote + "User" + quote;
            String post = quote + "Post" + quote;
            legacyDb.execute("DELETE FROM " + user + " WHERE id IN ('a0000000-0000-4000-8000-000000000005', 'not-a-uuid', "
                    + "'a0000000-0000-4000-8000-000000000007', 'a0000000-0000-4000-8000-000000000003')",
                    "DELETE FROM " + post + " WHERE id IN (21, 22, 23)");
            legacyDb.execute(OrmRows.assets(mariadb).toArray(String[]::new));
            legacyDb.execute("DELETE FROM " + quote + "Asset" + quote + " WHERE id = 3"); // a label the target lacks
            targetDb.execute(OrmDomain.TARGET_DDL);
            targetDb.execute(OrmDomain.TARGET_ASSET_DDL);
            try (LegacyAdapter legacy = ScaffoldRun.legacy(legacyDb);
                    PostgresAdapter postgres = ScaffoldRun.postgres(targetDb)) {
                CutoverSchema.migrate(postgres);
                Scaffold scaffold = Scaffold.of(legacy, postgres).table("User", "users").table("Post", "posts")
                        .table("Asset", "assets")
                        .javaPackage("com.example.orm").legacyZone(OrmDomain.ZONE).generatedBy(COMMAND);
                List<GeneratedSource> sources = scaffold.generate();

                assertThat(sources).extracting(GeneratedSource::path).containsExactly("com/example/orm/Assets.java",
                        "com/example/orm/AssetsMapping.java", "com/example/orm/AssetsRepository.java",
                        "com/example/orm/LegacyAssetsRepository.java", "com/example/orm/LegacyPostsRepository.java",
                        "com/example/orm/LegacyUsersRepository.java", "com/example/orm/PostgresAssetsRepository.java", "com/example/orm/PostgresPostsRepository.java",
                        "com/example/orm/PostgresUsersRepository.java",
                        "com/example/orm/Posts.java", "com/example/orm/PostsMapping.java",
                        "com/example/orm/PostsRepository.java", "com/example/orm/Users.java",
                        "com/example/orm/UsersMapping.java", "com/example/orm/UsersRepository.java");
                assertThat(scaffold.generate()).as("deterministic").isEqualTo(sources);
                if (!mariadb) {
                    DocsSample.check(sources, "Users", "UsersMapping", "PostgresUsersRepository");
                }
                String users = text(sources, "UsersMapping");
                String posts = text(sources, "PostsMapping");
                assertThat(text(sources, "Users")).contains("public record Users(", "UUID id,", "String displayName,",
                        "Integer order)");
                assertThat(users).contains(
                        ".column(\"display_name\", \"displayName\")",
                        ".column(\"is_admin\", \"isAdmin\")",
                        ".convert(\"created_at\", Conversion.naiveAt(ZoneId.of(\"Europe/Paris\")))",
                        ".stored(\"profile\", LegacyStorage.JSON_TEXT)",
                        ".nullableColumn(\"order\", ColumnType.INTEGER, Users::order)",
                        ".reader(row -> new Users(");
                assertThat(posts).contains(
                        ".convert(\"id\", Conversion.CHECKED_INTEGER)",
                        ".convert(\"view_count\", Conversion.CHECKED_INTEGER)",
                        ".convert(\"price\", Conversion.decimal(2, Conversion.OnRounding.QUARANTINE))",
                        "// identity on postgres: after a backfill with explicit ids, move its sequence",
                        ".key(\"id\", ColumnType.BIGINT, Posts::id)",
                        ".nullableColumn(\"select\", ColumnType.TEXT, Posts::select)");
                if (mariadb) {
                    // varchar uuids, tinyint(1) flags and enums read natively on MariaDB
                    assertThat(users).doesNotContain("Conversion.UUID_TEXT", "\"is_admin\", Conversion", "ENUM_TEXT");
                    assertThat(posts).doesNotContain("\"published\", Conversion", "\"published\", LegacyStorage");
                } else {
                    assertThat(users).contains(".convert(\"id\", Conversion.UUID_TEXT)",
                            "// a number other than 0 or 1 is quarantined; Conversion.NONZERO_IS_TRUE reads any "
                                    + "non-zero number as true, as MySQL does\n"
                                    + "            .stored(\"is_admin\", LegacyStorage.SMALLINT_BOOLEAN)",
                            ".convert(\"role\", Conversion.ENUM_TEXT)");
                    assertThat(posts).contains(".convert(\"author_id\", Conversion.UUID_TEXT)",
                            ".stored(\"published\", LegacyStorage.SMALLINT_BOOLEAN)");
                }
                // The decisions left: legacyHash has no target column, and posts.summary no legacy column.
                assertThat(sources.stream().filter(GeneratedSource::hasChoices).map(GeneratedSource::typeName))
                        .containsExactly("PostsMapping", "UsersMapping");
                assertThat(posts).contains("            .exclude(\"summary\", /* CHOOSE: no legacy column of Post feeds "
                        + "postgres column summary (text), so it stays NULL in every copied row: give the reason as a "
                        + "string, or map it to the legacy column that holds it */ CHOOSE_REASON)\n"
                        + "            .reader(row -> new Posts(").doesNotContain("Posts::summary", "\"summary\", \"");
                assertThat(users).contains(".exclude(\"legacyHash\", /* CHOOSE: legacy column legacyHash (" + (mariadb
                        ? "varchar" : "character varying") + ") has no postgres column in users: give the reason it is "
                        + "left behind as a string, or add the column to the target table and scaffold again */ "
                        + "CHOOSE_REASON);");
                List<GeneratedSource> decided = sources.stream().map(s -> new GeneratedSource(s.path(), s.content()
                        .replaceAll("/\\* CHOOSE: [^*]*summary[^*]*\\*/ CHOOSE_REASON", "\"written by the summariser\"")
                        .replaceAll("/\\* CHOOSE: [^*]*\\*/ CHOOSE_REASON", "\"a digest the new application recomputes\"")))
                        .toList();

                try (GeneratedCode code = GeneratedCode.compile(decided, work)) {
                    assertThat(code.errors()).isEmpty();
                    ScaffoldRun.copyAndVerify("scaffold-users", ScaffoldRun.mapping(code, "com.example.orm.Users"),
                            ScaffoldRun.binding(code, "com.example.orm.Users"), legacy, postgres, 16);
                    ScaffoldRun.copyAndVerify("scaffold-posts", ScaffoldRun.mapping(code, "com.example.orm.Posts"),
                            ScaffoldRun.binding(code, "com.example.orm.Posts"), legacy, postgres, 22);
                    Object ben = ScaffoldRun.findOnBoth(code, "com.example.orm.Users", legacy, postgres,
                            UUID.fromString("a0000000-0000-4000-8000-00000000000a"));
                    assertThat(ben.toString()).contains("isAdmin=true", "role=ADMIN", "createdAt=2024-07-01T10:00:00.123Z");
                    ScaffoldRun.findOnBoth(code, "com.example.orm.Posts", legacy, postgres, 24L);

                    // The new target types: the binding is the hand-written one, declaration for declaration.
                    assertThat(ScaffoldRun.binding(code, "com.example.orm.Assets")).isEqualTo(OrmDomain.legacyAssets(mariadb));
                    ScaffoldRun.copyAndVerify("scaffold-assets", ScaffoldRun.mapping(code, "com.example.orm.Assets"),
                            ScaffoldRun.binding(code, "com.example.orm.Assets"), legacy, postgres, 3);
                    Object asset = ScaffoldRun.findOnBoth(code, "com.example.orm.Assets", legacy, postgres, 4);
                    assertThat(asset.toString()).contains("rank=1", "code=abcd", "opensAt=12:00", "kind=PHOTO",
                            "tags=[green]", "madeIn=2155");
                }
            }
        }
    }

    static String text(List<GeneratedSource> sources, String typeName) {
        return sources.stream().filter(s -> s.typeName().equals(typeName)).map(GeneratedSource::content)
                .collect(Collectors.joining());
    }
}
