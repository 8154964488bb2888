package dev.cutover.it.dual;

import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.routing.Route;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The process {@link DualWriteCrashTest} kills: writes clients on route legacy-dual without end, printing
 * {@code begin <op> <id>} before and {@code ack <op> <id>} after each call. Its own reconciler never settles
 * anything (no in-memory hand-over, a grace period longer than its life), so every entry stays for the next process.
 *
 * <p>Arguments: legacy URL, target URL, user, password ({@code -} for none).
 */
public final class DualWriteChild {
    private DualWriteChild() {
    }

    public static void main(String[] args) {
        String user = args[2].equals("-") ? null : args[2];
        String password = args[3].equals("-") ? null : args[3];
        LegacyAdapter legacyAdapter = DualWriteFixture.legacyAdapter(args[0], user, password);
        PostgresAdapter postgresAdapter = DualWriteFixture.postgresAdapter(args[1], user, password);
        LegacyRepositories legacy = new LegacyRepositories(legacyAdapter);
        PostgresRepositories postgres = new PostgresRepositories(postgresAdapter);
        DualWrites dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .mode(MirrorMode.SYNCHRONOUS)
                .queueCapacity(0)
                .gracePeriod(Duration.ofHours(1))
                .build();
        FlipRoutes routes = new FlipRoutes();
        Cutover cutover = DualWriteFixture.cutover(dualWrites, routes, legacyAdapter, postgresAdapter, legacy, postgres);
        routes.set(Route.LEGACY_DUAL);
        ClientRepository clients = cutover.repository(ClientRepository.class);
        SplittableRandom random = new SplittableRandom(42);
        System.out.println("ready");
        System.out.flush();
        for (long op = 1; ; op++) {
            long id = op % 5 == 0 ? 1 + random.nextLong(op) : op;
            boolean delete = op % 11 == 0;
            System.out.println("begin " + op + " " + id);
            System.out.flush();
            if (delete) {
                clients.delete(id);
            } else {
                clients.save(ReferenceData.client(random, id, 1 + id % 3, id));
            }
            System.out.println("ack " + op + " " + id + (delete ? " delete" : " save"));
            System.out.flush();
        }
    }
}
