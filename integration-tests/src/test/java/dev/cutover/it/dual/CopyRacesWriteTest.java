package dev.cutover.it.dual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cutover.Backend;
import dev.cutover.dual.MirrorMode;
import dev.cutover.routing.Route;
import dev.cutover.testkit.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reconciler's copy of a row its secondary lacks, racing the application's delete of that row on the secondary
 * after routes made it the primary, on a PostgreSQL secondary (the target, or a PostgreSQL legacy). PostgreSQL's
 * {@code DELETE} neither sees nor waits for an uncommitted insert, so without a lock ordering the two, the copied older
 * row survived an acknowledged delete and came back on both sides. {@link HeldOutbox} holds the copy at the exact points
 * where the race used to win, so each case fails every time without the lock.
 */
class CopyRacesWriteTest {
    private static final long ID = 7;
    private static DualWriteFixture.Databases databases;

    /** Which database the copy goes to: the route it is copied under, and the route that makes it the primary. */
    enum Secondary {
        TARGET(Backend.POSTGRES, Route.LEGACY_DUAL, Route.POSTGRES_DUAL),
        POSTGRESQL_LEGACY(Backend.LEGACY, Route.POSTGRES_DUAL, Route.LEGACY_DUAL);

        final Backend backend;
        final Route copiedUnder;
        final Route madePrimaryBy;

        Secondary(Backend backend, Route copiedUnder, Route madePrimaryBy) {
            this.backend = backend;
            this.copiedUnder = copiedUnder;
            this.madePrimaryBy = madePrimaryBy;
        }

        TestDatabase database() {
            return backend == Backend.POSTGRES ? databases.target() : databases.legacy();
        }
    }

    @BeforeAll
    static void createDatabases() {
        databases = DualWriteFixture.Databases.create("copy_races_write");
    }

    @AfterAll
    static void dropDatabases() {
        databases.close();
    }

    @BeforeEach
    void reset() {
        databases.reset();
    }

    /** The application deletes while the copy, its check done, has not committed: the delete waits, then deletes it. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Secondary.class)
    void shouldKeepADeleteMadeWhileTheCopyCommits(Secondary secondary) throws Exception {
        HeldOutbox[] held = new HeldOutbox[1];
        try (DualWriteFixture fixture = fixture(secondary, held)) {
            HeldOutbox.Hold beforeCommit = copyHeldAt(held[0].holdBeforeCommit(), fixture, secondary);
            CompletableFuture<Boolean> delete = CompletableFuture.supplyAsync(() -> fixture.clients().delete(ID));
            await().atMost(Duration.ofSeconds(30)).until(() -> delete.isDone() || waitsOnALock(secondary.database()));
            beforeCommit.release();
            delete.get(30, TimeUnit.SECONDS);

            assertGoneOnBothSides(fixture);
        }
    }

    /** The application's delete is under way (not committed) when the copy begins: the copy waits, sees it, backs off. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Secondary.class)
    void shouldKeepADeleteUnderWayWhenTheCopyBegins(Secondary secondary) throws Exception {
        HeldOutbox[] held = new HeldOutbox[1];
        try (DualWriteFixture fixture = fixture(secondary, held)) {
            HeldOutbox.Hold beforeCopy = copyHeldAt(held[0].holdBeforeCopy(), fixture, secondary);
            CountDownLatch deleted = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            CompletableFuture<Void> unit = CompletableFuture.runAsync(() -> fixture.cutover.transaction(() -> {
                fixture.clients().delete(ID);
                deleted.countDown();
                awaitLatch(commit);
            }));
            assertThat(deleted.await(30, TimeUnit.SECONDS)).as("the delete ran").isTrue();
            HeldOutbox.Hold beforeCommit = held[0].holdBeforeCommit();
            beforeCopy.release();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> beforeCommit.isReached() || waitsOnALock(secondary.database()));
            commit.countDown();
            unit.get(30, TimeUnit.SECONDS);
            beforeCommit.release();

            assertGoneOnBothSides(fixture);
        }
    }

    /**
     * Writes the row on the primary of {@code secondary.copiedUnder}, waits until the reconciler's copy of it reaches
     * {@code hold}, then makes the secondary the primary.
     */
    private static HeldOutbox.Hold copyHeldAt(HeldOutbox.Hold hold, DualWriteFixture fixture, Secondary secondary)
            throws InterruptedException {
        fixture.routes.set(secondary.copiedUnder);
        fixture.clients().save(DualWriteFixture.client(ID, "older, copied"));
        assertThat(hold.reached()).as("the reconciler's copy reaches the held point").isTrue();
        fixture.routes.set(secondary.madePrimaryBy);
        return hold;
    }

    private DualWriteFixture fixture(Secondary secondary, HeldOutbox[] held) {
        DualWriteFixture fixture = new DualWriteFixture(databases, MirrorMode.ASYNCHRONOUS, outbox -> {
            if (outbox.primary() != secondary.backend) {
                return outbox;
            }
            held[0] = new HeldOutbox(outbox);
            return held[0];
        }, builder -> builder);
        fixture.dualWrites.reconciler().measureBacklog();
        return fixture;
    }

    private static void assertGoneOnBothSides(DualWriteFixture fixture) throws InterruptedException {
        assertThat(fixture.dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(60))).as("drained").isTrue();
        assertThat(fixture.legacy.clientStore().findByKeys(List.of(ID))).as("legacy after the acknowledged delete").isEmpty();
        assertThat(fixture.postgres.clientStore().findByKeys(List.of(ID))).as("target after the acknowledged delete")
                .isEmpty();
        assertThat(fixture.differences()).isEmpty();
    }

    /** Whether a session of this database waits for a lock: the copy or the delete, ordered by the other. */
    private static boolean waitsOnALock(TestDatabase database) {
        return database.queryLong("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE NOT l.granted AND a.datname = current_database()") > 0;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never told to commit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
