package dev.cutover.reference.postgres;

import dev.cutover.postgres.PostgresAdapter;
import dev.cutover.postgres.PostgresStore;
import dev.cutover.reference.Booking;
import dev.cutover.reference.Client;
import dev.cutover.reference.Company;
import dev.cutover.reference.Mappings;
import dev.cutover.reference.Service;
import dev.cutover.reference.Staff;
import dev.cutover.reference.StaffService;

/**
 * The reference domain's stores on the PostgreSQL adapter, created (and their schema and upsert conflict
 * targets checked) once. Thread-safe.
 */
public final class PostgresRepositories {
    final PostgresAdapter adapter;
    final PostgresStore<Company, Long> companies;
    final PostgresStore<Client, Long> clients;
    final PostgresStore<Staff, Long> staff;
    final PostgresStore<Service, Long> services;
    final PostgresStore<Booking, Long> bookings;
    final PostgresStore<StaffService, StaffService.Key> staffServices;

    public PostgresRepositories(PostgresAdapter adapter) {
        this.adapter = adapter;
        this.companies = adapter.store(Mappings.COMPANIES);
        this.clients = adapter.store(Mappings.CLIENTS);
        this.staff = adapter.store(Mappings.STAFF);
        this.services = adapter.store(Mappings.SERVICES);
        this.bookings = adapter.store(Mappings.BOOKINGS);
        this.staffServices = adapter.store(Mappings.STAFF_SERVICES);
    }

    public PostgresCompanyRepository companies() {
        return new PostgresCompanyRepository(companies);
    }

    public PostgresClientRepository clients() {
        return new PostgresClientRepository(adapter, clients);
    }

    public PostgresStaffRepository staff() {
        return new PostgresStaffRepository(staff);
    }

    public PostgresServiceRepository services() {
        return new PostgresServiceRepository(services);
    }

    public PostgresBookingRepository bookings() {
        return new PostgresBookingRepository(adapter, bookings);
    }

    public PostgresStaffServiceRepository staffServices() {
        return new PostgresStaffServiceRepository(staffServices);
    }

    public PostgresStore<Company, Long> companyStore() {
        return companies;
    }

    public PostgresStore<Client, Long> clientStore() {
        return clients;
    }

    public PostgresStore<Staff, Long> staffStore() {
        return staff;
    }

    public PostgresStore<Service, Long> serviceStore() {
        return services;
    }

    public PostgresStore<Booking, Long> bookingStore() {
        return bookings;
    }

    public PostgresStore<StaffService, StaffService.Key> staffServiceStore() {
        return staffServices;
    }
}
