package dev.cutover.reference;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Clients. Implemented on both backends; routed by Cutover. */
public interface ClientRepository {
    Optional<Client> findById(long id);

    /** The client the booking platform knows as {@code yclientsId} within a company. */
    Optional<Client> findByYclientsId(long companyId, long yclientsId);

    /** A page of a company's clients with ids greater than {@code afterId}, ordered by id. */
    List<Client> findByCompany(long companyId, long afterId, int limit);

    long countByCompany(long companyId);

    /** Inserts or updates, matching on {@code (yclients_id, company_id)}. */
    void save(Client client);

    void saveAll(Collection<Client> clients);

    /** Whether a client with this id existed. */
    boolean delete(long id);
}
