package dev.cutover.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cli.CutoverApplication;
import dev.cutover.cli.MovedTable;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.legacy.LegacyTables;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The demo's jar as the cutover command line's application: found as a service, with the reference domain's tables. */
class ReferenceDomainApplicationTest {

    @Test
    void shouldBeTheOneApplicationTheCommandLineFinds() {
        // As the command line looks for it (Session): every CutoverApplication service on the class path.
        List<Class<?>> found = ServiceLoader.load(CutoverApplication.class).stream()
                .<Class<?>>map(ServiceLoader.Provider::type).toList();

        assertThat(found).containsExactly(ReferenceDomainApplication.class);
    }

    @Test
    void shouldMoveTheReferenceDomainsSixTablesReferencedOnesFirst() {
        List<MovedTable<?, ?>> tables = new ReferenceDomainApplication().tables();

        assertThat(tables).extracting(MovedTable::name)
                .containsExactly("companies", "clients", "staff", "services", "staff_services", "bookings");
        assertThat(tables).<Object>extracting(MovedTable::mapping).containsExactly(Mappings.COMPANIES, Mappings.CLIENTS,
                Mappings.STAFF, Mappings.SERVICES, Mappings.STAFF_SERVICES, Mappings.BOOKINGS);
        assertThat(tables).extracting(t -> t.legacyTable().name()).containsExactly("tbl_company", "tbl_clients",
                "tbl_staff", "tbl_services", "tbl_staff_services", "tbl_records");
        assertThat(tables).extracting(MovedTable::legacyTable).containsExactly(LegacyTables.COMPANIES, LegacyTables.CLIENTS,
                LegacyTables.STAFF, LegacyTables.SERVICES, LegacyTables.STAFF_SERVICES, LegacyTables.BOOKINGS);
    }

    @Test
    void shouldRouteTheReferenceDomainsSixRepositories() {
        assertThat(new ReferenceDomainApplication().repositories()).extracting(Class::getSimpleName)
                .containsExactly("CompanyRepository", "ClientRepository", "StaffRepository", "ServiceRepository",
                        "StaffServiceRepository", "BookingRepository");
    }
}
