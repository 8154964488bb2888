package dev.cutover.dual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.Backend;
import dev.cutover.CutoverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalOutboxTest {
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00.123456Z");

    @TempDir
    Path directory;

    private static List<OutboxKey> keys(int from, int count) {
        List<OutboxKey> keys = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            keys.add(new OutboxKey("clients", "[" + i + "]"));
        }
        return keys;
    }

    @Test
    void shouldReplayWhatWasRecordedAndNotRemovedAfterReopening() {
        Path file = directory.resolve("legacy.journal");
        List<OutboxEntry> recorded;
        try (Outbox journal = Outbox.journal(Backend.LEGACY, file)) {
            recorded = journal.record(keys(1, 3), T0);
            journal.record(List.of(new OutboxKey("staff_services", "[1,\"a b\"]")), T0.plusSeconds(1));
            journal.remove(List.of(recorded.get(1)));
        }

        try (Outbox journal = Outbox.journal(Backend.LEGACY, file)) {
            assertThat(journal.pending(T0.plusSeconds(10), 10)).extracting(OutboxEntry::key).containsExactly(
                    new OutboxKey("clients", "[1]"), new OutboxKey("clients", "[3]"), new OutboxKey("staff_services", "[1,\"a b\"]"));
            assertThat(journal.pending(T0.plusNanos(1_000), 10)).hasSize(2);
            assertThat(journal.backlog(T0.plusSeconds(5))).satisfies(backlog -> {
                assertThat(backlog.entries()).isEqualTo(3);
                assertThat(backlog.oldestEntry()).isEqualTo(T0);
                assertThat(backlog.oldestAge()).hasSeconds(5);
            });
            assertThat(journal.record(keys(9, 1), T0).get(0).id()).as("ids keep increasing").isGreaterThan(4);
            assertThat(journal.entriesOf(List.of(new OutboxKey("clients", "[3]")))).extracting(OutboxEntry::id)
                    .containsExactly(recorded.get(2).id());
        }
    }

    @Test
    void shouldCutATornLastLineAndKeepAppendingAfterIt() throws IOException {
        Path file = directory.resolve("torn.journal");
        try (Outbox journal = Outbox.journal(Backend.LEGACY, file)) {
            journal.record(keys(1, 2), T0);
        }
        Files.writeString(file, "A\t3\t17\tclients\t[3", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (Outbox journal = Outbox.journal(Backend.LEGACY, file)) {
            assertThat(journal.backlog(T0).entries()).isEqualTo(2);
            journal.record(keys(5, 1), T0);
        }
        try (Outbox journal = Outbox.journal(Backend.LEGACY, file)) {
            assertThat(journal.pending(T0.plusSeconds(1), 10)).extracting(e -> e.key().key())
                    .containsExactly("[1]", "[2]", "[5]");
        }
    }

    @Test
    void shouldRefuseAJournalThatIsOpenElsewhere() {
        Path file = directory.resolve("locked.journal");
        try (Outbox journal = Outbox.journal(Backend.POSTGRES, file)) {
            assertThat(journal.description()).contains("locked.journal");
            assertThatThrownBy(() -> Outbox.journal(Backend.POSTGRES, file))
                    .isInstanceOf(CutoverException.class)
                    .hasMessage("The dual-write journal " + file.toAbsolutePath() + " is in use by another process or outbox; "
                            + "give each process a journal file of its own");
        }
    }

    @Test
    void shouldRewriteTheFileWithThePendingEntriesOnceMostAreSettled() throws IOException {
        Path file = directory.resolve("compact.journal");
        try (Outbox journal = Outbox.journal(Backend.LEGACY, file)) {
            for (int i = 0; i < 6; i++) {
                List<OutboxEntry> entries = journal.record(keys(i * 10_000, 10_000), T0);
                journal.remove(entries.subList(i == 0 ? 1 : 0, entries.size()));
            }
            assertThat(Files.size(file)).as("compacted").isLessThan(1_000);
            journal.record(keys(1_000_000, 1), T0);
        }
        try (Outbox journal = Outbox.journal(Backend.LEGACY, file)) {
            List<OutboxEntry> pending = journal.pending(T0.plusSeconds(1), 10);
            assertThat(pending).extracting(e -> e.key().key()).containsExactly("[0]", "[1000000]");
            assertThat(pending.get(1).id()).isEqualTo(60_001);
        }
    }
}
