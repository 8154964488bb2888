package dev.cutover.reference;

import java.util.List;
import java.util.Optional;

/** Services. Implemented on both backends; routed by Cutover. */
public interface ServiceRepository {
    Optional<Service> findById(long id);

    /** A company's services, ordered by id. */
    List<Service> findByCompany(long companyId);

    void save(Service service);
}
