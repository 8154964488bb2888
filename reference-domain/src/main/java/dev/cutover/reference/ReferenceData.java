package dev.cutover.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic data of the reference domain for tests, the demo and benchmarks: the same seed and sizes give
 * the same rows. Clients carry two JSONB documents of about 200 and 100 bytes, as in the booking product.
 * Thread-safe (immutable once generated).
 */
public final class ReferenceData {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final String[] FIRST = {"Anna", "Boris", "Chen", "Daria", "Emil", "Fatima", "Gleb", "Hana", "Ivan", "Julia"};
    private static final String[] LAST = {"Petrova", "Ivanov", "Smith", "Kowalski", "Garcia", "Sato", "Müller", "Nováková"};
    private static final String[] TONES = {"warm", "brief", "formal", "playful"};
    private static final String[] SERVICES = {"Haircut", "Colouring", "Manicure", "Massage", "Beard trim", "Facial"};
    private static final String[] STATUSES = {"booked", "confirmed", "arrived", "cancelled"};

    private final List<Company> companies;
    private final List<Client> clients;
    private final List<Staff> staff;
    private final List<Service> services;
    private final List<StaffService> staffServices;
    private final List<Booking> bookings;

    private ReferenceData(List<Company> companies, List<Client> clients, List<Staff> staff, List<Service> services,
            List<StaffService> staffServices, List<Booking> bookings) {
        this.companies = List.copyOf(companies);
        this.clients = List.copyOf(clients);
        this.staff = List.copyOf(staff);
        this.services = List.copyOf(services);
        this.staffServices = List.copyOf(staffServices);
        this.bookings = List.copyOf(bookings);
    }

    /**
     * Generates {@code companyCount} companies with {@code clientsPerCompany} clients each, 3 staff, 4 services,
     * every staff-service link, and one booking per client.
     */
    public static ReferenceData generate(long seed, int companyCount, int clientsPerCompany) {
        if (companyCount < 1 || clientsPerCompany < 0) {
            throw new IllegalArgumentException("companyCount must be >= 1 and clientsPerCompany >= 0; got "
                    + companyCount + " and " + clientsPerCompany);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Company> companies = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        List<Staff> staff = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<StaffService> links = new ArrayList<>();
        List<Booking> bookings = new ArrayList<>();
        long clientId = 1;
        for (long companyId = 1; companyId <= companyCount; companyId++) {
            companies.add(new Company(companyId, "Salon " + companyId, companyId % 2 == 0 ? "Europe/Moscow" : "Asia/Dubai",
                    EPOCH.minus(Duration.ofDays(400 + companyId))));
            List<Staff> companyStaff = new ArrayList<>();
            List<Service> companyServices = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                long id = companyId * 10 + s;
                companyStaff.add(staffMember(random, id, companyId, s));
            }
            for (int s = 0; s < 4; s++) {
                long id = companyId * 10 + s;
                companyServices.add(new Service(id, 5000 + s, companyId, SERVICES[(int) ((companyId + s) % SERVICES.length)],
                        new BigDecimal(15 + random.nextInt(90) + ".00"), 30 + 15 * random.nextInt(6), at(random)));
            }
            for (Staff member : companyStaff) {
                for (Service service : companyServices) {
                    links.add(new StaffService(member.id(), service.id(),
                            random.nextInt(3) == 0 ? service.price().add(BigDecimal.TEN) : null));
                }
            }
            for (int c = 0; c < clientsPerCompany; c++, clientId++) {
                Client client = client(random, clientId, companyId, 100_000 + c);
                clients.add(client);
                Service service = companyServices.get(random.nextInt(companyServices.size()));
                Instant start = EPOCH.plus(Duration.ofMinutes(30L * random.nextInt(20_000)));
                bookings.add(new Booking(clientId, 700_000 + c, companyId, clientId,
                        random.nextInt(5) == 0 ? null : companyStaff.get(random.nextInt(companyStaff.size())).id(),
                        service.id(), start, start.plus(Duration.ofMinutes(service.durationMinutes())),
                        STATUSES[random.nextInt(STATUSES.length)], service.price(),
                        random.nextInt(3) == 0 ? "Prefers the window seat" : null, at(random)));
            }
            staff.addAll(companyStaff);
            services.addAll(companyServices);
        }
        return new ReferenceData(companies, clients, staff, services, links, bookings);
    }

    /** One client as the generator makes them; {@code yclientsId} is unique within its company. */
    public static Client client(SplittableRandom random, long id, long companyId, long yclientsId) {
        String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
        Instant created = at(random);
        return new Client(id, yclientsId, companyId, name,
                random.nextInt(4) == 0 ? null : "+7" + (9_000_000_000L + random.nextLong(999_999_999L)),
                random.nextInt(3) == 0 ? null : "client" + id + "@example.com",
                aiContext(random), random.nextInt(6) == 0 ? null : visitHistory(random),
                random.nextInt(10) == 0, new BigDecimal(random.nextInt(50_000)).movePointLeft(2), created,
                created.plus(Duration.ofSeconds(random.nextInt(1_000_000))));
    }

    private static Staff staffMember(SplittableRandom random, long id, long companyId, int index) {
        ObjectNode preferences = JSON.objectNode();
        preferences.put("breakMinutes", 15 + random.nextInt(30));
        preferences.putArray("days").add("mon").add("wed").add(index % 2 == 0 ? "fri" : "sat");
        return new Staff(id, 9000 + index, companyId, FIRST[random.nextInt(FIRST.length)] + " (staff)",
                index == 0 ? null : "Stylist", index == 2 ? null : preferences, index != 1 || random.nextBoolean(), at(random));
    }

    private static JsonNode aiContext(SplittableRandom random) {
        ObjectNode context = JSON.objectNode();
        context.put("tone", TONES[random.nextInt(TONES.length)]);
        context.put("language", random.nextBoolean() ? "ru" : "en");
        context.put("summary", "Regular client; likes short appointments in the morning and reminders by message.");
        ArrayNode tags = context.putArray("tags");
        for (int i = random.nextInt(4); i >= 0; i--) {
            tags.add("tag" + random.nextInt(50));
        }
        context.put("score", new BigDecimal(random.nextInt(1000)).movePointLeft(2));
        return context;
    }

    private static JsonNode visitHistory(SplittableRandom random) {
        ArrayNode visits = JSON.arrayNode();
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            visits.addObject().put("date", "2025-" + (10 + random.nextInt(3)) + "-1" + random.nextInt(10))
                    .put("serviceId", random.nextInt(40)).put("spent", new BigDecimal(random.nextInt(9000)).movePointLeft(2));
        }
        return visits;
    }

    private static Instant at(SplittableRandom random) {
        return EPOCH.minus(Duration.ofSeconds(random.nextInt(30_000_000))).plusNanos(1000L * random.nextInt(1_000_000));
    }

    public List<Company> companies() {
        return companies;
    }

    public List<Client> clients() {
        return clients;
    }

    public List<Staff> staff() {
        return staff;
    }

    public List<Service> services() {
        return services;
    }

    public List<StaffService> staffServices() {
        return staffServices;
    }

    public List<Booking> bookings() {
        return bookings;
    }
}
