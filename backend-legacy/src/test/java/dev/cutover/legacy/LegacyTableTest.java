package dev.cutover.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.mapping.ColumnType;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LegacyTableTest {

    @Test
    void shouldKeepTargetNamesAndNativeStorageForUnlistedColumns() {
        LegacyTable table = LegacyTable.named("tbl_clients").column("name", "full_name")
                .stored("ai_context", LegacyStorage.JSON_TEXT).column("ai_context", "ai_json");

        assertThat(table.legacyName("name")).isEqualTo("full_name");
        assertThat(table.legacyName("ai_context")).isEqualTo("ai_json");
        assertThat(table.legacyName("id")).isEqualTo("id");
        assertThat(table.storage("ai_context")).isEqualTo(LegacyStorage.JSON_TEXT);
        assertThat(table.storage("name")).isEqualTo(LegacyStorage.NATIVE);
        assertThat(table.renamedColumns()).containsExactly(Map.entry("name", "full_name"), Map.entry("ai_context", "ai_json"));
        assertThat(table.schema()).isEmpty();
        assertThat(table.inSchema("crm").schema()).isEqualTo(Optional.of("crm"));
        assertThat(table.inSchema("crm").displayName()).isEqualTo("crm.tbl_clients");
    }

    @Test
    void shouldReturnANewBindingFromEachMethod() {
        LegacyTable base = LegacyTable.named("tbl_clients");
        LegacyTable renamed = base.column("name", "full_name");

        assertThat(base.legacyName("name")).isEqualTo("name");
        assertThat(renamed).isNotEqualTo(base).isEqualTo(LegacyTable.named("tbl_clients").column("name", "full_name"));
        assertThat(renamed.hashCode()).isEqualTo(LegacyTable.named("tbl_clients").column("name", "full_name").hashCode());
        assertThatThrownBy(() -> renamed.renamedColumns().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRefuseARenameOrStorageGivenTwice() {
        LegacyTable table = LegacyTable.named("tbl_clients").column("name", "full_name").stored("vip",
                LegacyStorage.SMALLINT_BOOLEAN);

        assertThatThrownBy(() -> table.column("name", "fio"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'name' of legacy table tbl_clients is already renamed to 'full_name'; rename each "
                        + "column once");
        assertThatThrownBy(() -> table.stored("vip", LegacyStorage.NATIVE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'vip' of legacy table tbl_clients is already stored as SMALLINT_BOOLEAN; give each "
                        + "column's storage once");
    }

    @Test
    void shouldRefuseBlankNames() {
        assertThatThrownBy(() -> LegacyTable.named(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Legacy table name must not be blank, was ' '");
        assertThatThrownBy(() -> LegacyTable.named("tbl_clients").column("name", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Legacy name of column 'name' of legacy table tbl_clients must not be blank, was null");
        assertThatThrownBy(() -> LegacyTable.named("tbl\0clients"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Legacy table name must not contain a NUL character, was 'tbl\\0clients'");
    }

    @Test
    void shouldSayWhichLogicalTypesAStorageAppliesTo() {
        assertThat(LegacyStorage.JSON_TEXT.appliesTo(ColumnType.JSONB)).isTrue();
        assertThat(LegacyStorage.JSON_TEXT.appliesTo(ColumnType.TEXT)).isFalse();
        assertThat(LegacyStorage.SMALLINT_BOOLEAN.describeLogicalTypes()).isEqualTo("BOOLEAN");
        assertThat(LegacyStorage.NATIVE.appliesTo(ColumnType.UUID)).isTrue();
    }

    @Test
    void shouldKeepReadRulesForZeroDatesAndNulCharacters() {
        LegacyTable table = LegacyTable.named("tbl_events").zeroDateAsNull("day").stripNul("note")
                .replaceNul("title", "\uFFFD").inSchema("crm");

        assertThat(table.zeroDatesAsNull()).isEqualTo(Set.of("day"));
        assertThat(table.nulReplacements()).containsExactly(Map.entry("note", ""), Map.entry("title", "\uFFFD"));
        assertThat(table).isEqualTo(LegacyTable.named("tbl_events").zeroDateAsNull("day").stripNul("note")
                .replaceNul("title", "\uFFFD").inSchema("crm")).isNotEqualTo(LegacyTable.named("tbl_events").inSchema("crm"));
        assertThat(table).hasToString("LegacyTable[crm.tbl_events, renamed {}, stored {}, zero dates as NULL [day], "
                + "NUL replaced [note='', title='\uFFFD']]");
        assertThatThrownBy(() -> table.zeroDateAsNull("day"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'day' of legacy table tbl_events already reads zero dates as NULL; declare it once");
        assertThatThrownBy(() -> table.stripNul("title"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'title' of legacy table tbl_events already replaces NUL characters with '\uFFFD'; "
                        + "declare it once");
        assertThatThrownBy(() -> table.replaceNul("body", "\0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("NUL replacement of column 'body' of legacy table tbl_events must not contain a NUL character "
                        + "itself");
    }
}
