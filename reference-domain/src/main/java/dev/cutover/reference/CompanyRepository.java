package dev.cutover.reference;

import java.util.List;
import java.util.Optional;

/** Companies. Implemented on both backends; routed by Cutover. */
public interface CompanyRepository {
    Optional<Company> findById(long id);

    /** Every company, ordered by id. */
    List<Company> findAll();

    void save(Company company);
}
