package dev.cutover.reference.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyConfig;
import dev.cutover.legacy.LegacyDialect;
import dev.cutover.reference.Booking;
import dev.cutover.reference.Client;
import dev.cutover.reference.Company;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.Service;
import dev.cutover.reference.Staff;
import dev.cutover.reference.StaffService;
import dev.cutover.reference.schema.ReferenceSchemas;
import dev.cutover.testkit.TestDatabase;
import dev.cutover.testkit.TestMariaDb;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference legacy repositories, unchanged, on the MariaDB variant of the legacy schema (Flyway
 * {@code db/reference/legacy-mariadb}): the same {@link LegacyTables} bind to it and their hand-written SQL runs.
 * Needs a MariaDB server, like every {@code MariaDb*Test} (docs/mariadb.md).
 */
class MariaDbLegacyRepositoriesTest {
    private static final ReferenceData DATA = ReferenceData.generate(42, 2, 30);
    private static TestDatabase database;
    private static LegacyAdapter adapter;
    private static LegacyRepositories legacy;

    @BeforeAll
    static void migrateAndLoad() {
        database = TestMariaDb.server().createDatabase("reference_legacy");
        adapter = LegacyAdapter.create(LegacyConfig.custom().jdbcUrl(database.jdbcUrl()).username(database.username())
                .password(database.password()).maximumPoolSize(3).build());
        ReferenceSchemas.migrateLegacyMariaDb(adapter.connections().dataSource());
        ReferenceSchemas.migrateLegacyMariaDb(adapter.connections().dataSource()); // already applied: nothing to do
        legacy = new LegacyRepositories(adapter);
        DATA.companies().forEach(legacy.companies()::save);
        legacy.clients().saveAll(DATA.clients());
        DATA.staff().forEach(legacy.staff()::save);
        DATA.services().forEach(legacy.services()::save);
        DATA.staffServices().forEach(legacy.staffServices()::save);
        DATA.bookings().forEach(legacy.bookings()::save);
    }

    @AfterAll
    static void close() {
        adapter.close();
        assertThat(database.openConnections()).isZero();
        database.close();
    }

    @Test
    void shouldMigrateTheMariaDbSchemaOnceWithMariaDbsTypes() {
        assertThat(adapter.dialect()).isSameAs(LegacyDialect.mariadb());
        assertThat(database.queryLong("SELECT count(*) FROM " + ReferenceSchemas.HISTORY_TABLE + " WHERE success = 1"))
                .isEqualTo(1);
        assertThat(database.queryLong("SELECT count(*) FROM information_schema.CHECK_CONSTRAINTS WHERE "
                + "CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'tbl_clients' AND CHECK_CLAUSE = 'json_valid(`ai_ctx`)'"))
                .isEqualTo(1);
        assertThat(database.queryLong("SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
                + "AND TABLE_NAME LIKE 'tbl%' AND COLUMN_TYPE = 'tinyint(1)'")).isEqualTo(2);
    }

    @Test
    void shouldServeEveryRepositoryMethodFromMariaDb() {
        Company company = DATA.companies().get(1);
        assertThat(legacy.companies().findById(company.id())).contains(company);
        assertThat(legacy.companies().findAll()).containsExactlyElementsOf(DATA.companies());

        Client client = DATA.clients().get(35);
        List<Client> companyClients = DATA.clients().stream().filter(c -> c.companyId() == client.companyId()).toList();
        assertThat(legacy.clients().findById(client.id())).contains(client);
        assertThat(legacy.clients().findByYclientsId(client.companyId(), client.yclientsId())).contains(client);
        assertThat(legacy.clients().findByCompany(client.companyId(), companyClients.get(4).id(), 10))
                .containsExactlyElementsOf(companyClients.subList(5, 15));
        assertThat(legacy.clients().countByCompany(client.companyId())).isEqualTo(30);

        Staff member = DATA.staff().get(0);
        assertThat(legacy.staff().findById(member.id())).contains(member);
        assertThat(legacy.staff().findActiveByCompany(member.companyId())).containsExactlyElementsOf(DATA.staff().stream()
                .filter(s -> s.companyId() == member.companyId() && s.active()).toList());

        Service service = DATA.services().get(5);
        assertThat(legacy.services().findById(service.id())).contains(service);
        assertThat(legacy.services().findByCompany(service.companyId())).containsExactlyElementsOf(DATA.services().stream()
                .filter(s -> s.companyId() == service.companyId()).toList());

        assertThat(legacy.staffServices().findByStaff(member.id())).containsExactlyElementsOf(DATA.staffServices().stream()
                .filter(l -> l.staffId() == member.id()).sorted(Comparator.comparingLong(StaffService::serviceId))
                .toList());

        Booking booking = DATA.bookings().get(7);
        assertThat(legacy.bookings().findById(booking.id())).contains(booking);
        assertThat(legacy.bookings().findByClient(booking.clientId())).containsExactly(booking);
        assertThat(legacy.bookings().findByCompanyBetween(booking.companyId(), booking.startsAt(),
                booking.startsAt().plusSeconds(1))).contains(booking)
                .allSatisfy(b -> assertThat(b.startsAt()).isEqualTo(booking.startsAt()));
        assertThat(legacy.bookings().findByCompanyBetween(booking.companyId(), booking.startsAt().plusSeconds(1),
                booking.startsAt().plusSeconds(2))).doesNotContain(booking);
    }

    @Test
    void shouldWriteThroughEveryRepositoryOnMariaDb() {
        Client client = DATA.clients().get(3);
        Client renamed = new Client(client.id(), client.yclientsId(), client.companyId(), "Renamed 😀", client.phone(),
                client.email(), client.aiContext(), client.visitHistory(), !client.vip(), client.balance(),
                client.createdAt(), client.updatedAt());
        legacy.clients().save(renamed);
        assertThat(legacy.clients().findById(client.id())).contains(renamed);

        Booking booking = DATA.bookings().get(11);
        Instant updated = Instant.parse("2027-05-01T12:00:00.123456Z");
        assertThat(legacy.bookings().updateStatus(booking.id(), "cancelled", updated)).isTrue();
        assertThat(legacy.bookings().updateStatus(999_999L, "cancelled", updated)).isFalse();
        assertThat(legacy.bookings().findById(booking.id()).orElseThrow())
                .extracting(Booking::status, Booking::updatedAt).containsExactly("cancelled", updated);

        StaffService link = DATA.staffServices().get(0);
        assertThat(legacy.staffServices().delete(new StaffService.Key(link.staffId(), link.serviceId()))).isTrue();
        assertThat(legacy.staffServices().findByStaff(link.staffId())).doesNotContain(link);
        legacy.staffServices().save(link);

        Client extra = ReferenceData.client(new java.util.SplittableRandom(9), 10_000, 1, 999_999);
        legacy.clients().save(extra);
        assertThat(legacy.clients().delete(extra.id())).isTrue();
        assertThat(legacy.clients().delete(extra.id())).isFalse();
    }
}
