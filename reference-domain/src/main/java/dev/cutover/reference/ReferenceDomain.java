package dev.cutover.reference;

import dev.cutover.Cutover;
import dev.cutover.dual.DualWrites;
import dev.cutover.dual.WriteKeys;
import dev.cutover.legacy.LegacyTable;
import dev.cutover.mapping.EntityMapping;
import dev.cutover.reference.legacy.LegacyRepositories;
import dev.cutover.reference.legacy.LegacyTables;
import dev.cutover.reference.postgres.PostgresRepositories;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The reference domain as a whole: its repositories, its tables and its dual-write configuration, for every module that
 * wires it.
 */
public final class ReferenceDomain {

    /** The six repository interfaces, referenced entities' first. */
    public static final List<Class<?>> REPOSITORIES = List.of(CompanyRepository.class, ClientRepository.class,
            StaffRepository.class, ServiceRepository.class, StaffServiceRepository.class, BookingRepository.class);

    /** The repository that writes each table: each table has its own. */
    private static final Map<String, Class<?>> WRITERS = Map.of("companies", CompanyRepository.class,
            "clients", ClientRepository.class, "staff", StaffRepository.class, "services", ServiceRepository.class,
            "staff_services", StaffServiceRepository.class, "bookings", BookingRepository.class);

    private ReferenceDomain() {
    }

    /**
     * The repository that writes {@code table} (a mapping's table name): what {@code CutoverApplication.writers} answers.
     *
     * @throws IllegalArgumentException for a table the domain does not have
     */
    public static Class<?> writerOf(String table) {
        Class<?> writer = WRITERS.get(table);
        if (writer == null) {
            throw new IllegalArgumentException("The reference domain has no table '" + table + "'; its tables: "
                    + new TreeSet<>(WRITERS.keySet()));
        }
        return writer;
    }

    /** Makes one value of a table that moves, from its mapping and its legacy table ({@code MovedTable::of}). */
    public interface TableFactory<T> {
        <E, K> T table(EntityMapping<E, K> mapping, LegacyTable legacyTable);
    }

    /** The six tables that move, referenced ones first, each made by {@code factory}. */
    public static <T> List<T> tables(TableFactory<T> factory) {
        return List.of(factory.table(Mappings.COMPANIES, LegacyTables.COMPANIES),
                factory.table(Mappings.CLIENTS, LegacyTables.CLIENTS),
                factory.table(Mappings.STAFF, LegacyTables.STAFF),
                factory.table(Mappings.SERVICES, LegacyTables.SERVICES),
                factory.table(Mappings.STAFF_SERVICES, LegacyTables.STAFF_SERVICES),
                factory.table(Mappings.BOOKINGS, LegacyTables.BOOKINGS));
    }

    /** Registers the six repositories with {@code builder}, each with its implementation on both backends. */
    public static Cutover.Builder repositories(Cutover.Builder builder, LegacyRepositories legacy,
            PostgresRepositories postgres) {
        return builder
                .repository(CompanyRepository.class, legacy.companies(), postgres.companies())
                .repository(ClientRepository.class, legacy.clients(), postgres.clients())
                .repository(StaffRepository.class, legacy.staff(), postgres.staff())
                .repository(ServiceRepository.class, legacy.services(), postgres.services())
                .repository(BookingRepository.class, legacy.bookings(), postgres.bookings())
                .repository(StaffServiceRepository.class, legacy.staffServices(), postgres.staffServices());
    }

    /** Adds the six tables to {@code builder}, and the keys of the write methods that take ids rather than entities. */
    public static DualWrites.Builder dualWrites(DualWrites.Builder builder, LegacyRepositories legacy,
            PostgresRepositories postgres) {
        return builder
                .repository(CompanyRepository.class, Mappings.COMPANIES, legacy.companyStore(), postgres.companyStore())
                .repository(ClientRepository.class, Mappings.CLIENTS, legacy.clientStore(), postgres.clientStore())
                .repository(StaffRepository.class, Mappings.STAFF, legacy.staffStore(), postgres.staffStore())
                .repository(ServiceRepository.class, Mappings.SERVICES, legacy.serviceStore(), postgres.serviceStore())
                .repository(BookingRepository.class, Mappings.BOOKINGS, legacy.bookingStore(), postgres.bookingStore())
                .repository(StaffServiceRepository.class, Mappings.STAFF_SERVICES, legacy.staffServiceStore(),
                        postgres.staffServiceStore())
                .keys(ClientRepository.class, "delete", WriteKeys.argument(0))
                .keys(BookingRepository.class, "updateStatus", WriteKeys.argument(0))
                .keys(StaffServiceRepository.class, "delete", WriteKeys.argument(0));
    }
}
