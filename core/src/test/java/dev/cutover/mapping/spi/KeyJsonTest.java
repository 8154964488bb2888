package dev.cutover.mapping.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.mapping.Column;
import dev.cutover.mapping.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyJsonTest {
    private static final List<Column> ALL = List.of(
            new Column("a", ColumnType.BIGINT, false), new Column("b", ColumnType.INTEGER, false),
            new Column("c", ColumnType.NUMERIC, false), new Column("d", ColumnType.BOOLEAN, false),
            new Column("e", ColumnType.TEXT, false), new Column("f", ColumnType.UUID, false),
            new Column("g", ColumnType.DATE, false), new Column("h", ColumnType.TIMESTAMPTZ, false),
            new Column("i", ColumnType.JSONB, false));

    // Outbox rows and backfill tables hold this text: a change here breaks rows written by earlier versions.
    @Test
    void writesThePersistedFormatAndReadsItBack() throws Exception {
        JsonNode json = Values.json().readTree("{\"x\": 2.50}");
        Object[] key = {7L, 3, new BigDecimal("2.50"), true, "Anna \"A\"",
                UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), LocalDate.of(2024, 2, 29),
                Instant.parse("2024-03-01T10:15:30.123456Z"), json};

        String text = KeyJson.encode(key);

        assertThat(text).isEqualTo("[7,3,2.50,true,\"Anna \\\"A\\\"\",\"0f8fad5b-d9cb-469f-a165-70867728950e\","
                + "\"2024-02-29\",\"2024-03-01T10:15:30.123456Z\",{\"x\":2.50}]");
        assertThat(KeyJson.decode(text, ALL)).containsExactly(key);
    }

    @Test
    void keepsKeyValuesTheMappingsTypesCannotHoldAsTheLegacyDatabaseShowsThem() {
        List<Column> columns = List.of(new Column("a", ColumnType.BIGINT, false), new Column("b", ColumnType.DATE, false),
                new Column("c", ColumnType.UUID, false), new Column("d", ColumnType.INTEGER, false));
        Object[] key = {new java.math.BigInteger("18446744073709551615"), "0000-00-00", "not-a-uuid",
                new java.math.BigInteger("4294967295")};

        String text = KeyJson.encode(key);

        assertThat(text).isEqualTo("[18446744073709551615,\"0000-00-00\",\"not-a-uuid\",4294967295]");
        assertThat(KeyJson.decode(text, columns)).containsExactly(key);
        assertThat(KeyJson.decode("[9223372036854775807,\"2024-02-29\",\"0f8fad5b-d9cb-469f-a165-70867728950e\",7]",
                columns)).containsExactly(Long.MAX_VALUE, LocalDate.of(2024, 2, 29),
                        UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), 7);
    }

    @Test
    void nullValuesAndNullTextPassThrough() {
        assertThat(KeyJson.encode(new Object[] {null, 1L})).isEqualTo("[null,1]");
        assertThat(KeyJson.decode(null, ALL)).isNull();
    }

    @Test
    void refusesTextThatIsNotOneValuePerKeyColumn() {
        List<Column> two = ALL.subList(0, 2);
        assertThatThrownBy(() -> KeyJson.decode("[1", two))
                .isInstanceOf(IllegalStateException.class).hasMessage("Stored key [1 is not JSON");
        assertThatThrownBy(() -> KeyJson.decode("[1]", two))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Stored key [1] is not an array of the 2 values of key columns [a, b]");
    }
}
