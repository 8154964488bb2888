package dev.cutover.backfill;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresConfig;
import dev.cutover.reference.Client;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A backfill in a process of its own, for tests that kill it or run it beside others:
 * {@code BackfillChild legacyUrl targetUrl user run workers chunkSize workerName pauseMicrosPerRow}.
 * Prints {@code progress <rows>} after each chunk and {@code done <rows copied>} at the end.
 */
public final class BackfillChild {
    private BackfillChild() {
    }

    public static void main(String[] args) {
        String user = args[2];
        try (LegacyAdapter legacy = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(args[0]).username(user).build());
                PostgresAdapter postgres = PostgresAdapter.create(PostgresConfig.custom().jdbcUrl(args[1]).username(user).build())) {
            BackfillSource<Client, Long> source = slow(BackfillSource.legacy(legacy, legacy.store(Mappings.CLIENTS,
                    LegacyTables.CLIENTS)), Integer.parseInt(args[7]));
            BackfillConfig config = BackfillConfig.custom().workers(Integer.parseInt(args[4]))
                    .chunkSize(Integer.parseInt(args[5])).workerName(args[6]).leaseDuration(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(100)).listener(new BackfillListener() {
                        @Override
                        public void onProgress(BackfillProgress progress) {
                            System.out.println("progress " + progress.rowsDone());
                            System.out.flush();
                        }
                    }).build();
            BackfillReport report = Backfill.of(args[3], source, postgres, config).run();
            System.out.println("done " + report.rowsCopied());
        }
    }

    /** The source, pausing while it streams rows: so that a chunk's transaction is open most of the time. */
    static <E, K> BackfillSource<E, K> slow(BackfillSource<E, K> source, int pauseMicrosPerRow) {
        return new BackfillSource<>() {
            @Override
            public EntityMapping<E, K> mapping() {
                return source.mapping();
            }

            @Override
            public String description() {
                return "slow " + source.description();
            }


            @Override
            public Page keys(Object[] after, int limit, Consumer<Object[]> visitor) {
                return source.keys(after, limit, visitor);
            }

            @Override
            public Page read(Object[] after, Object[] upTo, int limit, RowVisitor visitor) {
                return source.read(after, upTo, limit, new RowVisitor() {
                    @Override
                    public void row(Object[] values) {
                        pause(pauseMicrosPerRow);
                        visitor.row(values);
                    }

                    @Override
                    public void unreadable(Object[] key, String raw, String reason) {
                        visitor.unreadable(key, raw, reason);
                    }
                });
            }
        };
    }

    private static void pause(int micros) {
        if (micros > 0) {
            long until = System.nanoTime() + micros * 1_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }
}
