package dev.cutover.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.MirrorMode;
import dev.cutover.dual.Outbox;
import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.outbox.LegacyOutbox;
import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.outbox.PostgresOutbox;
import dev.cutover.reference.BookingRepository;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.CompanyRepository;
import dev.cutover.reference.ReferenceDomain;
import dev.cutover.reference.ServiceRepository;
import dev.cutover.reference.StaffRepository;
import dev.cutover.reference.StaffServiceRepository;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.postgres.PostgresRepositories;
import dev.cutover.shadow.ShadowReads;
import dev.cutover.testkit.ContractTarget;
import java.time.Duration;

/**
 * The reference repositories of one {@link ContractTarget}. For the dual targets: one router per test over its own
 * adapters, with dual-write (outboxes in both databases, mirrored on the caller's thread, the reconciler running) and
 * shadow reads of every read; {@link #settleAndClose()} then waits for the reconciler to settle every outbox entry and checks
 * that both databases hold the same rows and that no shadow read saw a difference, so that each contract test also
 * checks the mirroring of what it wrote.
 */
final class ContractRepositories {
    private final ContractTarget target;
    private final LegacyRepositories legacy;
    private final PostgresRepositories postgres;
    private final Cutover router;
    private final DualWrites dualWrites;
    private final ShadowReads shadowReads;

    ContractRepositories(ContractTarget target, ReferenceEnvironment environment) {
        this.target = target;
        if (!target.dual()) {
            legacy = environment.legacy;
            postgres = environment.postgres;
            router = null;
            dualWrites = null;
            shadowReads = null;
            return;
        }
        LegacyAdapter legacyAdapter = ReferenceEnvironment.legacyAdapter(environment.legacyDatabase);
        PostgresAdapter postgresAdapter = ReferenceEnvironment.postgresAdapter(environment.targetDatabase);
        legacy = new LegacyRepositories(legacyAdapter);
        postgres = new PostgresRepositories(postgresAdapter);
        dualWrites = ReferenceDomain.dualWrites(DualWrites.custom(), legacy, postgres)
                .outbox(Outbox.table(legacyAdapter.connections(), LegacyOutbox.sql(legacyAdapter.dialect())))
                .outbox(Outbox.table(postgresAdapter.connections(), PostgresOutbox.sql(PostgresOutbox.TABLE)))
                .mode(MirrorMode.SYNCHRONOUS)
                .pollInterval(Duration.ofMillis(200))
                .gracePeriod(Duration.ofSeconds(1))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
        shadowReads = ShadowReads.custom().sampleRate(1.0).build();
        Cutover.Builder builder = ReferenceDomain.repositories(Cutover.builder().legacy(legacyAdapter).postgres(postgresAdapter)
                .routes(target.routes()), legacy, postgres);
        shadowReads.install(builder);
        router = dualWrites.install(builder).build();
    }

    CompanyRepository companies() {
        return select(CompanyRepository.class, legacy.companies(), postgres.companies());
    }

    ClientRepository clients() {
        return select(ClientRepository.class, legacy.clients(), postgres.clients());
    }

    StaffRepository staff() {
        return select(StaffRepository.class, legacy.staff(), postgres.staff());
    }

    ServiceRepository services() {
        return select(ServiceRepository.class, legacy.services(), postgres.services());
    }

    BookingRepository bookings() {
        return select(BookingRepository.class, legacy.bookings(), postgres.bookings());
    }

    StaffServiceRepository staffServices() {
        return select(StaffServiceRepository.class, legacy.staffServices(), postgres.staffServices());
    }

    private <R> R select(Class<R> type, R legacyImplementation, R postgresImplementation) {
        return router == null ? target.select(type, legacyImplementation, postgresImplementation)
                : target.select(router, type, legacyImplementation, postgresImplementation);
    }

    /** For a dual target: every outbox entry settled, both databases equal, no shadow read that differed. */
    void settleAndClose() throws InterruptedException {
        if (router == null) {
            return;
        }
        try {
            assertThat(dualWrites.reconciler().awaitEmpty(Duration.ofSeconds(30)))
                    .as("outboxes emptied on %s (refused: %s)", target, dualWrites.reconciler().refused()).isTrue();
            assertThat(BothSides.differences(legacy, postgres)).as("rows that differ between the databases on %s", target)
                    .isEmpty();
            shadowReads.close();
            assertThat(shadowReads.recentMismatches()).as("shadow reads that differed on %s", target).isEmpty();
            assertThat(dualWrites.reconciler().stats().failed()).as("mirror attempts that failed on %s", target).isZero();
        } finally {
            router.close();
        }
    }
}
