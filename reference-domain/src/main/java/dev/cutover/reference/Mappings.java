package dev.cutover.reference;

import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.EntityMapping;

/** The reference domain's entity mappings, in the target schema's names. */
public final class Mappings {

    public static final EntityMapping<Company, Long> COMPANIES = EntityMapping.builder(Company.class, Long.class)
            .table("companies")
            .key("id", ColumnType.BIGINT, Company::id)
            .column("name", ColumnType.TEXT, Company::name)
            .column("timezone", ColumnType.TEXT, Company::timezone)
            .column("created_at", ColumnType.TIMESTAMPTZ, Company::createdAt)
            .reader(r -> new Company(r.getLong("id"), r.getString("name"), r.getString("timezone"), r.getInstant("created_at")))
            .build();

    /** Upserts conflict on {@code (yclients_id, company_id)}: the platform's identity of a client. */
    public static final EntityMapping<Client, Long> CLIENTS = EntityMapping.builder(Client.class, Long.class)
            .table("clients")
            .key("id", ColumnType.BIGINT, Client::id)
            .column("yclients_id", ColumnType.BIGINT, Client::yclientsId)
            .column("company_id", ColumnType.BIGINT, Client::companyId)
            .column("name", ColumnType.TEXT, Client::name)
            .nullableColumn("phone", ColumnType.TEXT, Client::phone)
            .nullableColumn("email", ColumnType.TEXT, Client::email)
            .nullableColumn("ai_context", ColumnType.JSONB, Client::aiContext)
            .nullableColumn("visit_history", ColumnType.JSONB, Client::visitHistory)
            .column("vip", ColumnType.BOOLEAN, Client::vip)
            .column("balance", ColumnType.NUMERIC, Client::balance)
            .column("created_at", ColumnType.TIMESTAMPTZ, Client::createdAt)
            .column("updated_at", ColumnType.TIMESTAMPTZ, Client::updatedAt)
            .conflictTarget("yclients_id", "company_id")
            .reader(r -> new Client(r.getLong("id"), r.getLong("yclients_id"), r.getLong("company_id"), r.getString("name"),
                    r.getString("phone"), r.getString("email"), r.getJson("ai_context"), r.getJson("visit_history"),
                    r.getBoolean("vip"), r.getBigDecimal("balance"), r.getInstant("created_at"), r.getInstant("updated_at")))
            .build();

    public static final EntityMapping<Staff, Long> STAFF = EntityMapping.builder(Staff.class, Long.class)
            .table("staff")
            .key("id", ColumnType.BIGINT, Staff::id)
            .column("yclients_id", ColumnType.BIGINT, Staff::yclientsId)
            .column("company_id", ColumnType.BIGINT, Staff::companyId)
            .column("name", ColumnType.TEXT, Staff::name)
            .nullableColumn("specialization", ColumnType.TEXT, Staff::specialization)
            .nullableColumn("preferences", ColumnType.JSONB, Staff::preferences)
            .column("active", ColumnType.BOOLEAN, Staff::active)
            .column("updated_at", ColumnType.TIMESTAMPTZ, Staff::updatedAt)
            .conflictTarget("yclients_id", "company_id")
            .reader(r -> new Staff(r.getLong("id"), r.getLong("yclients_id"), r.getLong("company_id"), r.getString("name"),
                    r.getString("specialization"), r.getJson("preferences"), r.getBoolean("active"), r.getInstant("updated_at")))
            .build();

    public static final EntityMapping<Service, Long> SERVICES = EntityMapping.builder(Service.class, Long.class)
            .table("services")
            .key("id", ColumnType.BIGINT, Service::id)
            .column("yclients_id", ColumnType.BIGINT, Service::yclientsId)
            .column("company_id", ColumnType.BIGINT, Service::companyId)
            .column("title", ColumnType.TEXT, Service::title)
            .column("price", ColumnType.NUMERIC, Service::price)
            .column("duration_minutes", ColumnType.INTEGER, Service::durationMinutes)
            .column("updated_at", ColumnType.TIMESTAMPTZ, Service::updatedAt)
            .conflictTarget("yclients_id", "company_id")
            .reader(r -> new Service(r.getLong("id"), r.getLong("yclients_id"), r.getLong("company_id"), r.getString("title"),
                    r.getBigDecimal("price"), r.getInteger("duration_minutes"), r.getInstant("updated_at")))
            .build();

    public static final EntityMapping<Booking, Long> BOOKINGS = EntityMapping.builder(Booking.class, Long.class)
            .table("bookings")
            .key("id", ColumnType.BIGINT, Booking::id)
            .column("yclients_id", ColumnType.BIGINT, Booking::yclientsId)
            .column("company_id", ColumnType.BIGINT, Booking::companyId)
            .column("client_id", ColumnType.BIGINT, Booking::clientId)
            .nullableColumn("staff_id", ColumnType.BIGINT, Booking::staffId)
            .column("service_id", ColumnType.BIGINT, Booking::serviceId)
            .column("starts_at", ColumnType.TIMESTAMPTZ, Booking::startsAt)
            .column("ends_at", ColumnType.TIMESTAMPTZ, Booking::endsAt)
            .column("status", ColumnType.TEXT, Booking::status)
            .column("price", ColumnType.NUMERIC, Booking::price)
            .nullableColumn("notes", ColumnType.TEXT, Booking::notes)
            .column("updated_at", ColumnType.TIMESTAMPTZ, Booking::updatedAt)
            .conflictTarget("yclients_id", "company_id")
            .reader(r -> new Booking(r.getLong("id"), r.getLong("yclients_id"), r.getLong("company_id"), r.getLong("client_id"),
                    r.getLong("staff_id"), r.getLong("service_id"), r.getInstant("starts_at"), r.getInstant("ends_at"),
                    r.getString("status"), r.getBigDecimal("price"), r.getString("notes"), r.getInstant("updated_at")))
            .build();

    public static final EntityMapping<StaffService, StaffService.Key> STAFF_SERVICES =
            EntityMapping.builder(StaffService.class, StaffService.Key.class)
                    .table("staff_services")
                    .key("staff_id", ColumnType.BIGINT, StaffService::staffId)
                    .key("service_id", ColumnType.BIGINT, StaffService::serviceId)
                    .nullableColumn("price_override", ColumnType.NUMERIC, StaffService::priceOverride)
                    .reader(r -> new StaffService(r.getLong("staff_id"), r.getLong("service_id"), r.getBigDecimal("price_override")))
                    .build();

    private Mappings() {
    }
}
