package dev.cutover.scaffold;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.postgres.CutoverSchema;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import dev.cutover.testkit.TestPostgres;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scaffold on a schema written for this test alone, unlike both test domains: one legacy table {@code OrderLine} in
 * PascalCase with a composite key, a uuid in a {@code char(36)}, a {@code double} price into {@code numeric(10, 2)}, a
 * wider counter, a flag as a number (a {@code bit(1)} on MariaDB), JSON as text and a column named {@code class};
 * paired with target {@code order_lines} by {@link Scaffold#allTables()}. Its output compiles as generated, with no
 * decision left, and copies and verifies every row with 0 differences, on each legacy engine.
 */
class ScaffoldUnseenSchemaTest {
    private static final int ROWS = 30;

    private static final String POSTGRES_LEGACY = """
            CREATE TABLE "OrderLine" (
              "OrderID" integer NOT NULL,
              "LineNo" smallint NOT NULL,
              "SKU" char(36) NOT NULL,
              "Qty" bigint NOT NULL,
              "UnitPrice" double precision,
              "IsGift" integer NOT NULL,
              "ShippedOn" date,
              "Attrs" varchar(2000),
              "class" text,
              PRIMARY KEY ("OrderID", "LineNo")
            )""";
    private static final String MARIADB_LEGACY = """
            CREATE TABLE `OrderLine` (
              `OrderID` int unsigned NOT NULL,
              `LineNo` tinyint unsigned NOT NULL,
              `SKU` char(36) NOT NULL,
              `Qty` bigint NOT NULL,
              `UnitPrice` double NULL,
              `IsGift` bit(1) NOT NULL,
              `ShippedOn` date NULL,
              `Attrs` text NULL,
              `class` varchar(20) NULL,
              PRIMARY KEY (`OrderID`, `LineNo`)
            )""";
    private static final String TARGET = """
            CREATE TABLE order_lines (
              order_id bigint NOT NULL,
              line_no integer NOT NULL,
              sku uuid NOT NULL,
              qty integer NOT NULL,
              unit_price numeric(10, 2),
              is_gift boolean NOT NULL,
              shipped_on date,
              attrs json,
              class text,
              PRIMARY KEY (order_id, line_no)
            )""";

    @TempDir
    Path work;

    @ParameterizedTest(name = "legacy on {0}")
    @ValueSource(strings = {"postgresql", "mariadb"})
    void shouldGenerateCodeThatCompilesAsItIsAndCopiesASchemaItHasNotSeen(String engine) throws Exception {
        boolean mariadb = engine.equals("mariadb");
        try (TestDatabase legacyDb = mariadb ? TestMariaDb.server().createDatabase("scaffold_shop")
                : TestPostgres.server().createDatabase("scaffold_shop_legacy");
                TestDatabase targetDb = TestPostgres.server().createDatabase("scaffold_shop_target")) {
            legacyDb.execute(mariadb ? MARIADB_LEGACY : POSTGRES_LEGACY);
            legacyDb.execute(rows(mariadb ? '`' : '"').toArray(String[]::new));
            targetDb.execute(TARGET);
            try (LegacyAdapter legacy = ScaffoldRun.legacy(legacyDb);
                    PostgresAdapter postgres = ScaffoldRun.postgres(targetDb)) {
                CutoverSchema.migrate(postgres);
                List<GeneratedSource> sources = Scaffold.of(legacy, postgres).allTables().javaPackage("com.example.shop")
                        .generate();

                assertThat(sources).extracting(GeneratedSource::typeName).containsExactly("LegacyOrderLinesRepository",
                        "OrderLines", "OrderLinesKey", "OrderLinesMapping", "OrderLinesRepository",
                        "PostgresOrderLinesRepository");
                assertThat(sources).noneMatch(GeneratedSource::hasChoices);
                assertThat(ScaffoldOrmDomainTest.text(sources, "OrderLinesKey"))
                        .contains("public record OrderLinesKey(Long orderId, Integer lineNo) {");
                assertThat(ScaffoldOrmDomainTest.text(sources, "OrderLines")).contains("        String class_) {");
                String mapping = ScaffoldOrmDomainTest.text(sources, "OrderLinesMapping");
                assertThat(mapping).contains(
                        "EntityMapping<OrderLines, OrderLinesKey> MAPPING = EntityMapping.builder(OrderLines.class, "
                                + "OrderLinesKey.class)",
                        ".key(\"order_id\", ColumnType.BIGINT, OrderLines::orderId)",
                        ".key(\"line_no\", ColumnType.INTEGER, OrderLines::lineNo)",
                        ".nullableColumn(\"class\", ColumnType.TEXT, OrderLines::class_)",
                        "LegacyTable.named(\"OrderLine\")",
                        ".column(\"order_id\", \"OrderID\")",
                        ".column(\"unit_price\", \"UnitPrice\")",
                        ".convert(\"qty\", Conversion.CHECKED_INTEGER)",
                        ".convert(\"unit_price\", Conversion.decimal(2, Conversion.OnRounding.QUARANTINE))",
                        ".stored(\"attrs\", LegacyStorage.JSON_TEXT)");
                assertThat(mapping).contains(mariadb ? List.of(".convert(\"is_gift\", Conversion.NONZERO_IS_TRUE)")
                        : List.of(".convert(\"sku\", Conversion.UUID_TEXT)",
                                ".stored(\"is_gift\", LegacyStorage.SMALLINT_BOOLEAN)"));

                try (GeneratedCode code = GeneratedCode.compile(sources, work)) {
                    assertThat(code.errors()).isEmpty();
                    ScaffoldRun.copyAndVerify("scaffold-order-lines", ScaffoldRun.mapping(code, "com.example.shop.OrderLines"),
                            ScaffoldRun.binding(code, "com.example.shop.OrderLines"), legacy, postgres, ROWS);
                    Object key = code.load("com.example.shop.OrderLinesKey").getConstructor(Long.class, Integer.class)
                            .newInstance(103L, 2);
                    Object line = ScaffoldRun.findOnBoth(code, "com.example.shop.OrderLines", legacy, postgres, key);
                    assertThat(line.toString()).contains("orderId=103", "lineNo=2", "sku=00000000-0000-4000-8000-00000000000a",
                            "unitPrice=2.50", "isGift=false", "class_=c10");
                }
            }
        }
    }

    /** The legacy rows: upper-case uuids, negative counters, three kinds of price, NULLs, JSON as text. */
    private static List<String> rows(char quote) {
        List<String> rows = new ArrayList<>();
        String[] prices = {"NULL", "0.1", "2.5", "19.99"};
        for (int i = 1; i <= ROWS; i++) {
            String sku = String.format("00000000-0000-4000-8000-%012x", i);
            rows.add("INSERT INTO " + quote + "OrderLine" + quote + " VALUES (" + (100 + i / 3) + ", " + (i % 3 + 1) + ", '"
                    + (i % 2 == 1 ? sku.toUpperCase(java.util.Locale.ROOT) : sku) + "', " + (i * 7 - 50) + ", "
                    + prices[i % 4] + ", " + (i % 2) + ", " + (i % 5 == 0 ? "NULL" : "'2024-03-" + String.format("%02d", i)
                    + "'") + ", " + (i % 6 == 0 ? "NULL" : "'{\"k\": " + i + ", \"tags\": [\"x\"]}'") + ", 'c" + i + "')");
        }
        return rows;
    }
}
