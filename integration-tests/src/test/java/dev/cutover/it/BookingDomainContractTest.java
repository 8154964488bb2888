package dev.cutover.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.reference.Booking;
import dev.cutover.reference.BookingRepository;
import dev.cutover.reference.Company;
import dev.cutover.reference.CompanyRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.Service;
import dev.cutover.reference.ServiceRepository;
import dev.cutover.reference.Staff;
import dev.cutover.reference.StaffRepository;
import dev.cutover.reference.StaffService;
import dev.cutover.reference.StaffServiceRepository;
import dev.cutover.testkit.ContractTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The contracts of the other reference repositories (companies, staff, services, bookings, staff-service
 * links), run unchanged against each adapter and the router in each route; on the dual routes each test also checks
 * that its writes were mirrored ({@link ContractRepositories#settleAndClose()}).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ContractTarget.class)
class BookingDomainContractTest {
    @Parameter
    ContractTarget target;

    private final ReferenceEnvironment environment = ReferenceEnvironment.get();
    private final ReferenceData data = ReferenceData.generate(3, 2, 5);
    private ContractRepositories repositories;
    private CompanyRepository companies;
    private StaffRepository staff;
    private ServiceRepository services;
    private BookingRepository bookings;
    private StaffServiceRepository staffServices;

    @BeforeEach
    void setUp() {
        environment.reset();
        repositories = new ContractRepositories(target, environment);
        companies = repositories.companies();
        staff = repositories.staff();
        services = repositories.services();
        bookings = repositories.bookings();
        staffServices = repositories.staffServices();
    }

    /** On the dual routes: what the test wrote reached the secondary. */
    @AfterEach
    void settle() throws InterruptedException {
        repositories.settleAndClose();
    }

    @Test
    void shouldSaveAndListCompaniesInIdOrder() {
        List<Company> all = data.companies();
        for (int i = all.size() - 1; i >= 0; i--) {
            companies.save(all.get(i));
        }

        assertThat(companies.findAll()).containsExactlyElementsOf(all);
        assertThat(companies.findById(all.get(0).id())).contains(all.get(0));
    }

    @Test
    void shouldListOnlyActiveStaffOfACompany() {
        data.staff().forEach(staff::save);
        long companyId = data.companies().get(0).id();

        List<Staff> expected = data.staff().stream().filter(s -> s.companyId() == companyId && s.active())
                .sorted(Comparator.comparingLong(Staff::id)).toList();
        assertThat(staff.findActiveByCompany(companyId)).isNotEmpty().containsExactlyElementsOf(expected);
        Staff member = data.staff().get(2);
        assertThat(staff.findById(member.id())).contains(member);
    }

    @Test
    void shouldListACompanysServicesWithExactPrices() {
        data.services().forEach(services::save);
        long companyId = data.companies().get(1).id();

        List<Service> expected = data.services().stream().filter(s -> s.companyId() == companyId).toList();
        assertThat(services.findByCompany(companyId)).hasSize(4).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldFindBookingsByClientAndTimeWindowAndUpdateTheirStatus() {
        data.bookings().forEach(bookings::save);
        Booking first = data.bookings().get(0);

        assertThat(bookings.findByClient(first.clientId())).containsExactly(first);
        Instant from = first.startsAt();
        List<Booking> window = bookings.findByCompanyBetween(first.companyId(), from, from.plus(Duration.ofMinutes(1)));
        assertThat(window).contains(first).allMatch(b -> !b.startsAt().isBefore(from) && b.companyId() == first.companyId());

        Instant changedAt = first.updatedAt().plusSeconds(60);
        assertThat(bookings.updateStatus(first.id(), "cancelled", changedAt)).isTrue();
        assertThat(bookings.updateStatus(999_999, "cancelled", changedAt)).isFalse();
        assertThat(bookings.findById(first.id())).get()
                .satisfies(b -> {
                    assertThat(b.status()).isEqualTo("cancelled");
                    assertThat(b.updatedAt()).isEqualTo(changedAt);
                });
    }

    @Test
    void shouldKeepANullStaffOnABooking() {
        Booking withoutStaff = data.bookings().stream().filter(b -> b.staffId() == null).findFirst().orElseThrow();
        bookings.save(withoutStaff);

        assertThat(bookings.findById(withoutStaff.id())).contains(withoutStaff);
    }

    @Test
    void shouldSaveFindAndDeleteLinksByCompositeKey() {
        data.staffServices().forEach(staffServices::save);
        long staffId = data.staff().get(0).id();
        List<StaffService> expected = data.staffServices().stream().filter(l -> l.staffId() == staffId)
                .sorted(Comparator.comparingLong(StaffService::serviceId)).toList();

        assertThat(staffServices.findByStaff(staffId)).hasSize(4).containsExactlyElementsOf(expected);
        assertThat(staffServices.delete(expected.get(1).key())).isTrue();
        assertThat(staffServices.delete(expected.get(1).key())).isFalse();
        assertThat(staffServices.findByStaff(staffId)).hasSize(3).doesNotContain(expected.get(1));
    }
}
