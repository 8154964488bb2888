package dev.cutover.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cutover.mapping.InvalidValueException;
import dev.cutover.reference.Client;
import dev.cutover.reference.ClientRepository;
import dev.cutover.reference.ReferenceData;
import dev.cutover.testkit.ContractTarget;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The ClientRepository contract, run unchanged against each adapter and the router in each route; on the dual routes
 * each test also checks that its writes were mirrored ({@link ContractRepositories#settleAndClose()}).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ContractTarget.class)
class ClientRepositoryContractTest {
    @Parameter
    ContractTarget target;

    private final ReferenceEnvironment environment = ReferenceEnvironment.get();
    private ContractRepositories repositories;
    private ClientRepository clients;
    private final SplittableRandom random = new SplittableRandom(11);

    @BeforeEach
    void setUp() {
        environment.reset();
        repositories = new ContractRepositories(target, environment);
        clients = repositories.clients();
    }

    /** On the dual routes: what the test wrote reached the secondary. */
    @AfterEach
    void settle() throws InterruptedException {
        repositories.settleAndClose();
    }

    private Client client(long id, long companyId, long yclientsId) {
        return ReferenceData.client(random, id, companyId, yclientsId);
    }

    @Test
    void shouldFindASavedClientWithEveryValueIntact() {
        Client client = client(1, 10, 500);
        clients.save(client);

        assertThat(clients.findById(1)).contains(client);
        assertThat(clients.findById(2)).isEmpty();
    }

    @Test
    void shouldKeepJsonNullsAndEdgeValuesExactly() {
        Client client = new Client(7, 70, 1, "Zoë \"Quotes\" O'Neil — ✂", null, "", JsonNodeFactory.instance.objectNode()
                .put("nested", "{\"not\":\"parsed\"}").put("big", new BigDecimal("12345678901234567890.10"))
                .putNull("nothing"), JsonNodeFactory.instance.arrayNode(), true, new BigDecimal("-0.01"),
                Instant.parse("1999-12-31T23:59:59.999999Z"), Instant.parse("2038-01-19T03:14:08Z"));
        clients.save(client);

        assertThat(clients.findById(7)).contains(client);
    }

    @Test
    void shouldFindByTheCompositeUniqueKey() {
        clients.saveAll(List.of(client(1, 10, 500), client(2, 11, 500), client(3, 10, 501)));

        assertThat(clients.findByYclientsId(11, 500)).map(Client::id).contains(2L);
        assertThat(clients.findByYclientsId(12, 500)).isEmpty();
    }

    @Test
    void shouldUpdateTheClientWithTheSameYclientsIdentity() {
        Client original = client(1, 10, 500);
        clients.save(original);
        Client renamed = new Client(1, 500, 10, "Renamed", original.phone(), original.email(), original.aiContext(),
                original.visitHistory(), !original.vip(), original.balance().add(BigDecimal.ONE), original.createdAt(),
                original.updatedAt().plusSeconds(5));
        clients.save(renamed);

        assertThat(clients.findById(1)).contains(renamed);
        assertThat(clients.countByCompany(10)).isEqualTo(1);
    }

    @Test
    void shouldPageThroughACompanyByIdWithoutGapsOrDuplicates() {
        for (long id = 1; id <= 25; id++) {
            clients.save(client(id, id % 2 == 0 ? 20 : 21, 1000 + id));
        }

        List<Long> seen = new java.util.ArrayList<>();
        long after = 0;
        List<Client> page;
        while (!(page = clients.findByCompany(21, after, 4)).isEmpty()) {
            assertThat(page).hasSizeLessThanOrEqualTo(4).allMatch(c -> c.companyId() == 21);
            page.forEach(c -> seen.add(c.id()));
            after = page.get(page.size() - 1).id();
        }

        assertThat(seen).containsExactly(1L, 3L, 5L, 7L, 9L, 11L, 13L, 15L, 17L, 19L, 21L, 23L, 25L);
        assertThat(clients.countByCompany(21)).isEqualTo(13);
        assertThat(clients.countByCompany(20)).isEqualTo(12);
    }

    @Test
    void shouldDeleteAndSayWhetherTheClientExisted() {
        clients.save(client(1, 10, 500));

        assertThat(clients.delete(1)).isTrue();
        assertThat(clients.delete(1)).isFalse();
        assertThat(clients.findById(1)).isEmpty();
    }

    @Test
    void shouldRefuseANulCharacterAndWriteNothingOfTheBatch() {
        Client good = client(1, 10, 500);
        Client bad = new Client(2, 501, 10, "Bad\0Name", null, null, null, null, false, BigDecimal.ZERO,
                good.createdAt(), good.updatedAt());

        assertThatThrownBy(() -> clients.saveAll(List.of(good, bad)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("clients.name (key 2) contains a NUL character (U+0000) at index 3, which PostgreSQL text "
                        + "cannot store; remove or replace it before writing");
        assertThat(clients.countByCompany(10)).isZero();
    }
}
