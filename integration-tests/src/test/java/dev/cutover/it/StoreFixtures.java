package dev.cutover.it;

import dev.cutover.reference.Client;
import dev.cutover.reference.ReferenceData;
import dev.cutover.reference.StaffService;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Entities for the store contracts of the reference mappings. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    static List<Client> clients(int count) {
        SplittableRandom random = new SplittableRandom(count);
        List<Client> clients = new ArrayList<>();
        for (long id = 1; id <= count; id++) {
            clients.add(ReferenceData.client(random, id * 3, 1 + id % 4, 10_000 + id));
        }
        return clients;
    }

    static Client renamed(Client c) {
        return new Client(c.id(), c.yclientsId(), c.companyId(), c.name() + " (renamed)", c.phone(), c.email(), c.aiContext(),
                c.visitHistory(), !c.vip(), c.balance(), c.createdAt(), c.updatedAt().plusSeconds(1));
    }

    static List<StaffService> links(int count) {
        List<StaffService> links = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            links.add(new StaffService(1 + i / 7, 100 + i % 7, i % 3 == 0 ? null : new BigDecimal(i + ".50")));
        }
        return links;
    }

    static StaffService repriced(StaffService link) {
        return new StaffService(link.staffId(), link.serviceId(), new BigDecimal("99.99"));
    }
}
