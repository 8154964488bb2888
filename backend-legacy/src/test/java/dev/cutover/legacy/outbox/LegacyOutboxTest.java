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
    void shouldHaveAnOutboxTableOnALegacyMariaDb() {
        // The table itself, InnoDB, with its entries rolled back with their writes: MariaDbDualWriteTest.
        assertThat(LegacyOutbox.sql(LegacyDialect.mariadb()).table()).isEqualTo("`cutover_outbox`");
    }

    @Test
    void shouldSendADialectWithoutAnOutboxTableToTheJournal() {
        // A dialect of the application's own, of which only the name is asked.
        LegacyDialect other = (LegacyDialect) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LegacyDialect.class}, (proxy, method, args) -> method.getName().equals("name") ? "Oracle" : null);
        assertThatThrownBy(() -> LegacyOutbox.sql(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The legacy dialect Oracle has no dual-write outbox table yet (there are for postgresql, mariadb);"
                        + " use Outbox.journal(Backend.LEGACY, path)");
    }
}
