package dev.cutover.reference;

import java.util.List;
import java.util.Optional;

/** Staff. Implemented on both backends; routed by Cutover. */
public interface StaffRepository {
    Optional<Staff> findById(long id);

    /** A company's active staff, ordered by id. */
    List<Staff> findActiveByCompany(long companyId);

    void save(Staff staff);
}
