package dev.cutover.reference;

import java.util.List;

/** Which staff perform which services (composite key). Implemented on both backends; routed by Cutover. */
public interface StaffServiceRepository {
    /** The services a member of staff performs, ordered by service id. */
    List<StaffService> findByStaff(long staffId);

    void save(StaffService link);

    /** Whether the link existed. */
    boolean delete(StaffService.Key key);
}
