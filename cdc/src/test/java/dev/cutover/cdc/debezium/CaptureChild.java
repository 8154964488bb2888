package dev.cutover.cdc.debezium;

import dev.cutover.cdc.ChangeCapture;
import dev.cutover.cdc.ChangeFeed;
import dev.cutover.cdc.ChangeFeedException;
import dev.cutover.cdc.RowChange;
import dev.cutover.cdc.TableRoutes;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.routing.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link CaptureKillTest} kills: {@link ChangeCapture} of {@code tbl_clients} on Debezium's embedded engine,
 * queueing keys in the legacy outbox (no reconciler). Prints {@code cdc-child streaming} once the feed follows the
 * binlog, and {@code cdc-child batch <n> <keys>} after the sink returned for each batch: the keys are in the outbox,
 * the position is not committed yet. With {@code holdAtBatch > 0}, it prints {@code cdc-child held <n>} after that
 * batch and never returns from it, so that a kill lands between the outbox write and the position's commit.
 *
 * <p>Arguments: legacy URL, its user, its password ({@code -} for none), the feed's user, its password, positions URL,
 * their user, their password, target URL, its user, its password ({@code -} for none), feed name, holdAtBatch.
 */
public final class CaptureChild {
    static final String PREFIX = "cdc-child ";

    private CaptureChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(args[0]).username(orNull(args[1]))
                .password(orNull(args[2])).dialect(LegacyDialect.mariadb()).maximumPoolSize(2).build());
        PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(args[8]).username(orNull(args[9]))
                .password(orNull(args[10])).maximumPoolSize(2).build());
        DebeziumFeedConfig config = DebeziumFeedConfig.mariaDb().name(args[11]).legacy(args[0], args[3], args[4])
                .tables("tbl_clients").positions(args[5], args[6], args[7]).build();
        ChangeFeed feed = new Printing(DebeziumFeed.of(config), Integer.parseInt(args[12]));
        ChangeCapture capture = ChangeCapture.builder().feed(feed).table(Mappings.CLIENTS, LegacyTables.CLIENTS)
                .legacy(legacy).postgres(postgres).routes(TableRoutes.fixed(Route.LEGACY_DUAL)).build();
        capture.start();
        print("streaming");
        new CountDownLatch(1).await(); // the feed's thread is a daemon: live until killed
    }

    private static String orNull(String argument) {
        return argument.equals("-") ? null : argument;
    }

    private static void print(String line) {
        System.out.println(PREFIX + line);
        System.out.flush();
    }

    /** The feed, its sink wrapped to say what each batch queued, and to hold one batch forever. */
    private static final class Printing implements ChangeFeed {
        private final ChangeFeed feed;
        private final int holdAtBatch;
        private final AtomicInteger batches = new AtomicInteger();

        Printing(ChangeFeed feed, int holdAtBatch) {
            this.feed = feed;
            this.holdAtBatch = holdAtBatch;
        }

        @Override
        public void start(Sink sink) {
            feed.start(batch -> {
                sink.accept(batch);
                int n = batches.incrementAndGet();
                List<String> keys = new ArrayList<>();
                for (RowChange change : batch) {
                    if (change.kind() == RowChange.Kind.ROW) {
                        change.keyBefore().forEach(key -> keys.add(key.toString()));
                        change.keyAfter().forEach(key -> keys.add(key.toString()));
                    }
                }
                print("batch " + n + " " + String.join(",", keys));
                if (n == holdAtBatch) {
                    print("held " + n);
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while holding batch " + n, e);
                    }
                }
            });
        }

        @Override
        public Optional<ChangeFeedException> failure() {
            return feed.failure();
        }

        @Override
        public void close() {
            feed.close();
        }
    }
}
