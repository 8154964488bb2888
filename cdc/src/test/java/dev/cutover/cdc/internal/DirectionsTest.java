package dev.cutover.cdc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Pure logic: which commit times count as legacy's own writes, around a flip to PostgreSQL and back. */
class DirectionsTest {
    private static Instant at(int second) {
        return Instant.parse("2026-12-07T12:00:00Z").plusSeconds(second);
    }

    @Test
    void shouldSkipOnlyChangesCommittedWhileTheTableWasSeenRoutedToPostgres() {
        Directions directions = new Directions();
        directions.observe("clients", true, at(0));
        directions.observe("clients", false, at(10));
        directions.observe("clients", false, at(20));
        assertThat(directions.captures("clients", at(5))).as("before the flip was seen").isTrue();
        assertThat(directions.captures("clients", at(10))).isFalse();
        assertThat(directions.captures("clients", at(40))).as("while it lasts").isFalse();

        directions.observe("clients", true, at(30)); // back to legacy-dual (a rollback)
        assertThat(directions.captures("clients", at(15))).isFalse();
        assertThat(directions.captures("clients", at(20))).isFalse();
        assertThat(directions.captures("clients", at(25))).as("between the last sight of postgres and legacy's").isTrue();
        assertThat(directions.captures("clients", at(35))).isTrue();
        assertThat(directions.captures("bookings", at(15))).as("another table").isTrue();
    }
}
