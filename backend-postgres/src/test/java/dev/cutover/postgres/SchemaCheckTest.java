package dev.cutover.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.schema.SchemaMismatchException;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A store is created only for a table that fits its mapping; otherwise every problem is listed at once. */
class SchemaCheckTest {
    private static TestDatabase database;
    private static PostgresAdapter adapter;

    @BeforeAll
    static void createTables() {
        database = TestPostgres.server().createDatabase("pg_schema");
        database.execute(Client.DDL,
                "CREATE TABLE people (id bigint PRIMARY KEY, email text, name varchar(80) NOT NULL, age text,"
                        + " deleted_at timestamptz)",
                "CREATE UNIQUE INDEX people_email_live ON people (email) WHERE deleted_at IS NULL",
                "CREATE UNIQUE INDEX people_lower_name ON people (lower(name))",
                "CREATE TABLE codes (id bigint PRIMARY KEY, code text NOT NULL, label text,"
                        + " CONSTRAINT codes_code_key UNIQUE (code) DEFERRABLE INITIALLY DEFERRED)",
                "CREATE TABLE tags (id bigint PRIMARY KEY, tag text NOT NULL, created_by text NOT NULL,"
                        + " tag_upper text GENERATED ALWAYS AS (upper(tag)) STORED, seq bigint GENERATED ALWAYS AS IDENTITY)",
                "CREATE UNIQUE INDEX tags_tag_idx ON tags (tag) INCLUDE (created_by)",
                "CREATE TYPE mood AS ENUM ('calm', 'busy')",
                "CREATE TABLE typed (id bigint PRIMARY KEY, rank smallint, ratio real, score double precision,"
                        + " code character(3), picture bytea, opens time, taken timestamp, state mood, tags text[],"
                        + " counts integer[], sizes bigint[], place point)",
                "CREATE SCHEMA app",
                "CREATE TABLE app.archived (id bigint PRIMARY KEY, name text NOT NULL)");
        adapter = Adapters.create(database);
    }

    @AfterAll
    static void dropDatabase() {
        adapter.close();
        database.close();
    }

    /** A mapping of whatever columns a test names; the entity is an array of values in column order. */
    private static EntityMapping.Builder<Object[], Long> mapping(String table) {
        return EntityMapping.builder(Object[].class, Long.class)
                .table(table)
                .key("id", ColumnType.BIGINT, values -> values[0])
                .reader(row -> row.values());
    }

    @Test
    void shouldRefuseAConflictTargetThatMatchesNoUniqueConstraint() {
        EntityMapping<Object[], Long> byYclientsIdOnly = mapping("clients")
                .column("yclients_id", ColumnType.BIGINT, values -> values[1])
                .column("company_id", ColumnType.INTEGER, values -> values[2])
                .column("name", ColumnType.TEXT, values -> values[3])
                .column("created_at", ColumnType.TIMESTAMPTZ, values -> values[4])
                .conflictTarget("yclients_id")
                .build();

        assertThatThrownBy(() -> adapter.store(byYclientsIdOnly))
                .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.problems()).containsExactly(
                        "ON CONFLICT (yclients_id) on public.clients matches no UNIQUE constraint; existing: "
                                + "clients_pkey (id), clients_yclients_id_company_id_key (yclients_id, company_id)"))
                .hasMessage("Schema of postgres table public.clients does not fit its mapping: ON CONFLICT (yclients_id) "
                        + "on public.clients matches no UNIQUE constraint; existing: clients_pkey (id), "
                        + "clients_yclients_id_company_id_key (yclients_id, company_id)");
    }

    @Test
    void shouldMatchAConflictTargetAsASetOfColumns() {
        EntityMapping<Object[], Long> reversed = mapping("clients")
                .column("company_id", ColumnType.INTEGER, values -> values[1])
                .column("yclients_id", ColumnType.BIGINT, values -> values[2])
                .column("name", ColumnType.TEXT, values -> values[3])
                .column("created_at", ColumnType.TIMESTAMPTZ, values -> values[4])
                .conflictTarget("company_id", "yclients_id")
                .build();

        assertThat(adapter.store(reversed).count()).isZero();
    }

    @Test
    void shouldNotCountPartialExpressionOrDeferrableUniqueIndexesAsConflictTargets() {
        EntityMapping<Object[], Long> byEmail = mapping("people")
                .nullableColumn("email", ColumnType.TEXT, values -> values[1])
                .column("name", ColumnType.TEXT, values -> values[2])
                .conflictTarget("email")
                .build();
        EntityMapping<Object[], Long> byCode = mapping("codes")
                .column("code", ColumnType.TEXT, values -> values[1])
                .conflictTarget("code")
                .build();

        assertThatThrownBy(() -> adapter.store(byEmail))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of postgres table public.people does not fit its mapping: ON CONFLICT (email) on "
                        + "public.people matches no UNIQUE constraint; existing: people_pkey (id), "
                        + "people_email_live (email) WHERE (deleted_at IS NULL), people_lower_name (lower(name::text))");
        assertThatThrownBy(() -> adapter.store(byCode))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of postgres table public.codes does not fit its mapping: ON CONFLICT (code) on "
                        + "public.codes matches no UNIQUE constraint; existing: codes_pkey (id), codes_code_key (code) "
                        + "DEFERRABLE");
    }

    @Test
    void shouldAcceptAUniqueIndexThatIsNotAConstraintIgnoringIncludedColumns() {
        EntityMapping<Object[], Long> byTag = mapping("tags")
                .column("tag", ColumnType.TEXT, values -> values[1])
                .column("created_by", ColumnType.TEXT, values -> values[2])
                .conflictTarget("tag")
                .build();

        assertThat(adapter.store(byTag).count()).isZero();
    }

    @Test
    void shouldNameAMissingTableAndWhereATableOfThatNameExists() {
        assertThatThrownBy(() -> adapter.store(mapping("nowhere").build()))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of postgres table public.nowhere does not fit its mapping: "
                        + "table public.nowhere does not exist");
        assertThatThrownBy(() -> adapter.store(mapping("archived").column("name", ColumnType.TEXT, v -> v[1]).build()))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("Schema of postgres table public.archived does not fit its mapping: table public.archived "
                        + "does not exist; a table of that name exists in schema app (set the schema of the PostgresAdapter)");
    }

    @Test
    void shouldAcceptEachTargetTypeForItsMappingTypeAndNameTheOneThatFits() {
        EntityMapping<Object[], Long> right = mapping("typed")
                .nullableColumn("rank", ColumnType.SMALLINT, v -> v[1])
                .nullableColumn("ratio", ColumnType.REAL, v -> v[2])
                .nullableColumn("score", ColumnType.DOUBLE, v -> v[3])
                .nullableColumn("code", ColumnType.CHAR, v -> v[4])
                .nullableColumn("picture", ColumnType.BYTEA, v -> v[5])
                .nullableColumn("opens", ColumnType.TIME, v -> v[6])
                .nullableColumn("taken", ColumnType.TIMESTAMP, v -> v[7])
                .nullableColumn("state", ColumnType.ENUM, v -> v[8])
                .nullableColumn("tags", ColumnType.TEXT_ARRAY, v -> v[9])
                .nullableColumn("counts", ColumnType.INTEGER_ARRAY, v -> v[10])
                .nullableColumn("sizes", ColumnType.BIGINT_ARRAY, v -> v[11])
                .build();
        PostgresStore<Object[], Long> store = adapter.store(right);
        Object[] row = {1L, (short) -32768, Float.NaN, Double.NEGATIVE_INFINITY, "ab ", new byte[] {0, 92, -1},
            java.time.LocalTime.of(23, 59, 59, 999_999_000), java.time.LocalDateTime.of(2024, 2, 29, 0, 0, 0, 1_000),
            "busy", java.util.Arrays.asList("a\"b", null, "c,d"), List.of(1, -2), List.of(Long.MAX_VALUE)};
        store.upsertAll(List.<Object[]>of(row));
        Object[] read = store.findByKey(1L).orElseThrow();
        assertThat(read).containsExactly(1L, (short) -32768, Float.NaN, Double.NEGATIVE_INFINITY, "ab",
                new byte[] {0, 92, -1}, row[6], row[7], "busy", row[9], row[10], row[11]);
        assertThat(database.queryLong("SELECT count(*) FROM typed WHERE code = 'ab' AND state = 'busy'"
                + " AND tags[1] = 'a\"b' AND tags[2] IS NULL")).isEqualTo(1);

        EntityMapping<Object[], Long> wrong = mapping("typed")
                .nullableColumn("rank", ColumnType.INTEGER, v -> v[1])
                .nullableColumn("code", ColumnType.TEXT, v -> v[2])
                .nullableColumn("state", ColumnType.TEXT, v -> v[3])
                .nullableColumn("tags", ColumnType.ENUM, v -> v[4])
                .nullableColumn("place", ColumnType.TEXT, v -> v[5])
                .build();
        assertThatThrownBy(() -> adapter.store(wrong)).hasMessage("""
                Schema of postgres table public.typed does not fit its mapping (5 problems):
                  - column rank is smallint, but the mapping says INTEGER, which needs integer; the column fits \
                ColumnType.SMALLINT
                  - column code is character(3), but the mapping says TEXT, which needs text or character varying; the \
                column fits ColumnType.CHAR
                  - column state is mood, but the mapping says TEXT, which needs text or character varying; the column \
                fits ColumnType.ENUM
                  - column tags is text[], but the mapping says ENUM, which needs an enum type (CREATE TYPE ... AS ENUM); \
                the column fits ColumnType.TEXT_ARRAY
                  - column place is point, but the mapping says TEXT, which needs text or character varying; no mapping \
                type holds point: leave the column out of the mapping (it needs a default or NULL) or change its type""");
    }

    @Test
    void shouldFindTablesInTheSchemaOfTheAdapter() {
        PostgresAdapter inApp = PostgresAdapter.wrap(adapter.connections().dataSource(), "app");
        EntityMapping<Object[], Long> archived = mapping("archived").column("name", ColumnType.TEXT, v -> v[1]).build();

        PostgresStore<Object[], Long> store = inApp.store(archived);
        store.upsertAll(List.<Object[]>of(new Object[] {1L, "old"}));

        assertThat(database.queryLong("SELECT count(*) FROM app.archived")).isEqualTo(1);
        assertThat(inApp.schema()).isEqualTo("app");
    }

    @Test
    void shouldListEveryColumnProblemOfATableAtOnce() {
        EntityMapping<Object[], Long> wrong = mapping("people")
                .column("email", ColumnType.TEXT, values -> values[1])
                .column("name", ColumnType.TEXT, values -> values[2])
                .nullableColumn("age", ColumnType.INTEGER, values -> values[3])
                .nullableColumn("deleted_at", ColumnType.DATE, values -> values[4])
                .nullableColumn("nickname", ColumnType.TEXT, values -> values[5])
                .build();

        assertThatThrownBy(() -> adapter.store(wrong))
                .isInstanceOfSatisfying(SchemaMismatchException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessage("""
                        Schema of postgres table public.people does not fit its mapping (4 problems):
                          - column email is nullable, but the mapping says NOT NULL: map it with nullableColumn(...) \
                        or add NOT NULL to the column
                          - column age is text, but the mapping says INTEGER, which needs integer; the column fits \
                        ColumnType.TEXT
                          - column deleted_at is timestamp with time zone, but the mapping says DATE, which needs date; \
                        the column fits ColumnType.TIMESTAMPTZ
                          - column nickname (TEXT) is missing; the table's columns: id, email, name, age, deleted_at""");
    }

    @Test
    void shouldRefuseColumnsThatCannotBeWrittenAndRequiredColumnsThatAreNotMapped() {
        EntityMapping<Object[], Long> tags = mapping("tags")
                .column("tag", ColumnType.TEXT, values -> values[1])
                .nullableColumn("tag_upper", ColumnType.TEXT, values -> values[2])
                .column("seq", ColumnType.BIGINT, values -> values[3])
                .conflictTarget("tag")
                .build();

        assertThatThrownBy(() -> adapter.store(tags))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("""
                        Schema of postgres table public.tags does not fit its mapping (3 problems):
                          - column tag_upper is GENERATED ALWAYS AS (...) STORED, which cannot be written: leave it \
                        out of the mapping
                          - column seq is GENERATED ALWAYS AS IDENTITY, which refuses written values: make it \
                        GENERATED BY DEFAULT AS IDENTITY
                          - column created_by is NOT NULL without a default and is not mapped, so every insert would \
                        fail: map it or give it a default""");
    }

    @Test
    void shouldRefuseJsonKeyColumns() {
        EntityMapping<Object[], com.fasterxml.jackson.databind.JsonNode> jsonKey = EntityMapping
                .builder(Object[].class, com.fasterxml.jackson.databind.JsonNode.class)
                .table("clients")
                .key("ai_context", ColumnType.JSONB, values -> values[0])
                .reader(row -> row.values())
                .build();

        assertThatThrownBy(() -> adapter.store(jsonKey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Key column ai_context of clients is JSONB; a PostgresStore key must be TEXT, INTEGER, "
                        + "BIGINT, NUMERIC, BOOLEAN, TIMESTAMPTZ, DATE or UUID");
    }
}
