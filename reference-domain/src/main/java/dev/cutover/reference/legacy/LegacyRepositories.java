package dev.cutover.reference.legacy;

import dev.cutover.legacy.LegacyAdapter;
import dev.cutover.legacy.LegacyStore;
import dev.cutover.reference.Booking;
import dev.cutover.reference.Client;
import dev.cutover.reference.Company;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.Service;
import dev.cutover.reference.Staff;
import dev.cutover.reference.StaffService;

/**
 * The reference domain's stores on the legacy adapter, created (and their schema checked) once. Thread-safe.
 */
public final class LegacyRepositories {
    final LegacyAdapter adapter;
    final LegacyStore<Company, Long> companies;
    final LegacyStore<Client, Long> clients;
    final LegacyStore<Staff, Long> staff;
    final LegacyStore<Service, Long> services;
    final LegacyStore<Booking, Long> bookings;
    final LegacyStore<StaffService, StaffService.Key> staffServices;

    public LegacyRepositories(LegacyAdapter adapter) {
        this.adapter = adapter;
        this.companies = adapter.store(Mappings.COMPANIES, LegacyTables.COMPANIES);
        this.clients = adapter.store(Mappings.CLIENTS, LegacyTables.CLIENTS);
        this.staff = adapter.store(Mappings.STAFF, LegacyTables.STAFF);
        this.services = adapter.store(Mappings.SERVICES, LegacyTables.SERVICES);
        this.bookings = adapter.store(Mappings.BOOKINGS, LegacyTables.BOOKINGS);
        this.staffServices = adapter.store(Mappings.STAFF_SERVICES, LegacyTables.STAFF_SERVICES);
    }

    public LegacyCompanyRepository companies() {
        return new LegacyCompanyRepository(companies);
    }

    public LegacyClientRepository clients() {
        return new LegacyClientRepository(adapter, clients);
    }

    public LegacyStaffRepository staff() {
        return new LegacyStaffRepository(staff);
    }

    public LegacyServiceRepository services() {
        return new LegacyServiceRepository(services);
    }

    public LegacyBookingRepository bookings() {
        return new LegacyBookingRepository(adapter, bookings);
    }

    public LegacyStaffServiceRepository staffServices() {
        return new LegacyStaffServiceRepository(staffServices);
    }

    public LegacyStore<Company, Long> companyStore() {
        return companies;
    }

    public LegacyStore<Client, Long> clientStore() {
        return clients;
    }

    public LegacyStore<Staff, Long> staffStore() {
        return staff;
    }

    public LegacyStore<Service, Long> serviceStore() {
        return services;
    }

    public LegacyStore<Booking, Long> bookingStore() {
        return bookings;
    }

    public LegacyStore<StaffService, StaffService.Key> staffServiceStore() {
        return staffServices;
    }
}
