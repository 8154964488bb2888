package dev.cutover.cdc.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.cdc.ChangeFeedException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the decoder refuses, and how it says so (the broker test covers what Debezium writes). */
class DebeziumEnvelopesTest {
    private final DebeziumEnvelopes envelopes = new DebeziumEnvelopes();

    @Test
    void shouldNameTheRecordAndTheConverterWhenAValueIsNotJson() {
        assertThatThrownBy(() -> envelopes.read("legacy.shop.clients", bytes("{\"id\":1}"), new byte[] {0, 0, 0, 1, 2},
                "legacy.shop.clients-0@41"))
                .isInstanceOf(ChangeFeedException.class)
                .hasMessageStartingWith("the value at legacy.shop.clients-0@41 is not JSON (")
                .hasMessageEndingWith("): use Connect's JsonConverter for Debezium's keys and values");
    }

    @Test
    void shouldNameTheConnectorSettingWhenAChangeHasNoKey() {
        String value = "{\"op\":\"c\",\"source\":{\"db\":\"shop\",\"table\":\"notes\",\"file\":\"bin.000001\",\"pos\":4,"
                + "\"ts_ms\":1}}";
        assertThatThrownBy(() -> envelopes.read("legacy.shop.notes", null, bytes(value), "legacy.shop.notes-0@7"))
                .isInstanceOf(ChangeFeedException.class)
                .hasMessage("the change event at legacy.shop.notes-0@7 for shop.notes has no key: the table has no primary "
                        + "key, so Debezium cannot say which row changed. Give the connector the key's columns "
                        + "in its message.key.columns setting (shop.notes:<columns>), or add a primary key");
    }

    @Test
    void shouldRefuseWhatIsNotADebeziumEventAndListItsFields() {
        assertThatThrownBy(() -> envelopes.read("orders", bytes("1"), bytes("{\"orderId\":1,\"total\":9}"), "orders-1@0"))
                .isInstanceOf(ChangeFeedException.class)
                .hasMessageStartingWith("the record at orders-1@0 is not a Debezium change event (no 'op'), DDL event "
                        + "(no 'ddl') or heartbeat; its fields: [orderId, total].");
    }

    @Test
    void shouldGiveNothingForTombstonesAndHeartbeats() {
        assertThat(envelopes.read("legacy.shop.clients", bytes("{\"id\":1}"), null, "t-0@1")).isEmpty();
        assertThat(envelopes.read("__debezium-heartbeat.legacy", bytes("{\"serverName\":\"legacy\"}"),
                bytes("{\"ts_ms\":1700000000000}"), "t-0@2")).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
