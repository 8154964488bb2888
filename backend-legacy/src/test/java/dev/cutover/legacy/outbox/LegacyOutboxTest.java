package dev.cutover.legacy.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.legacy.LegacyDialect;
import org.junit.jupiter.api.Test;

/** Which legacy dialects have an outbox table (pure logic; the table itself is exercised by the dual-write tests). */
class LegacyOutboxTest {

    @Test
    void shouldHaveAnOutboxTableOnALegacyPostgreSql() {
        assertThat(LegacyOutbox.sql(LegacyDialect.postgresql()).table()).isEqualTo("\"cutover_outbox\"");
    }

    @Test
    void shouldSendAMariaDbLegacyToTheJournalForNow() {
        // docs/guarantees.md states this limit; when MariaDB gets an outbox table, change both.
        assertThatThrownBy(() -> LegacyOutbox.sql(LegacyDialect.mariadb()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("has no dual-write outbox table yet; use Outbox.journal(Backend.LEGACY, path)");
    }
}
