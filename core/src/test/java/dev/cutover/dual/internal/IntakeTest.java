package dev.cutover.dual.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Backend;
import dev.cutover.dual.Outbox;
import dev.cutover.dual.OutboxEntry;
import dev.cutover.dual.OutboxKey;
import dev.cutover.status.Backlog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which entries a scan takes: pure logic, over an outbox that keeps its entries in memory. */
class IntakeTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final CopiesInFlight inFlight = new CopiesInFlight();
    private final MemoryOutbox legacy = new MemoryOutbox();
    private final Intake intake;

    private final MutableClock clock = new MutableClock();

    IntakeTest() {
        Map<Backend, Outbox> outboxes = new EnumMap<>(Backend.class);
        outboxes.put(Backend.LEGACY, legacy);
        outboxes.put(Backend.POSTGRES, new MemoryOutbox());
        LeftAside leftAside = new LeftAside(Set.of("t"), clock, new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)),
                new DualWriteCounters());
        intake = new Intake(outboxes, Set.of("t"), clock, 500, Duration.ofMillis(200), GRACE, 1_000, leftAside, inFlight);
    }

    @Test
    void shouldLeaveAloneTheEntriesOfACallStillCopyingItsOwnPastTheGracePeriod() {
        legacy.add(1, NOW.minusSeconds(60)); // another process's, before the call began
        legacy.add(2, NOW.minusSeconds(30)); // the call's own: older than the grace period, still being copied
        Object copying = inFlight.begin(NOW.minusSeconds(40));

        assertThat(intake.next(Backend.LEGACY, false)).extracting(OutboxEntry::id).containsExactly(1L);

        intake.next(Backend.LEGACY, false).clear(); // settled
        inFlight.done(copying);
        clock.now = clock.now.plusSeconds(1); // the next poll
        assertThat(intake.next(Backend.LEGACY, false)).extracting(OutboxEntry::id).as("once the call is done")
                .containsExactly(1L, 2L); // entry 1 is still in the outbox: settling removes it, not this test
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldStopHoldingBackTheScanForACallCopyingLongerThanTheLimit() {
        legacy.add(1, NOW.minus(Intake.HOLD_AT_MOST).minusSeconds(60)); // recorded after the hung call began
        legacy.add(2, NOW.minusSeconds(30));
        inFlight.begin(NOW.minus(Intake.HOLD_AT_MOST).minusSeconds(120)); // hung for longer than the limit

        assertThat(intake.next(Backend.LEGACY, false)).extracting(OutboxEntry::id).containsExactly(1L);
    }

    @Test
    void shouldTakeEveryEntryOlderThanTheGracePeriodWhenNoCallIsCopying() {
        legacy.add(1, NOW.minusSeconds(60));
        legacy.add(2, NOW.minusSeconds(30));
        legacy.add(3, NOW.minusSeconds(5)); // within the grace period

        assertThat(intake.next(Backend.LEGACY, false)).extracting(OutboxEntry::id).containsExactly(1L, 2L);
        assertThat(inFlight.oldest()).isNull();
    }

    @Test
    void shouldTakeEverythingWhenDraining() {
        legacy.add(1, NOW.minusSeconds(30));
        inFlight.begin(NOW.minusSeconds(40));

        assertThat(intake.next(Backend.LEGACY, true)).extracting(OutboxEntry::id).containsExactly(1L);
    }

    /** Entries in memory; {@link #pending} as a table outbox answers it, oldest first. */
    private static final class MemoryOutbox implements Outbox {
        private final List<OutboxEntry> entries = new ArrayList<>();

        void add(long id, Instant createdAt) {
            entries.add(new OutboxEntry(id, new OutboxKey("t", "[" + id + "]"), createdAt));
        }

        @Override
        public Backend primary() {
            return Backend.LEGACY;
        }

        @Override
        public String description() {
            return "memory";
        }

        @Override
        public List<OutboxEntry> record(List<OutboxKey> keys, Instant now) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<OutboxEntry> pending(Instant createdBefore, int limit) {
            return entries.stream().filter(e -> e.createdAt().isBefore(createdBefore)).limit(limit).toList();
        }

        @Override
        public List<OutboxEntry> entriesOf(Collection<OutboxKey> keys) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(Collection<OutboxEntry> removed) {
            entries.removeAll(removed);
        }

        @Override
        public Backlog backlog(Instant now) {
            return new Backlog(Backend.LEGACY, description(), entries.size(), null, now);
        }
    }
}
