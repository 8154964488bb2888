package dev.cutover.flags;

/** Test repository; each implementation answers with its backend's id. */
public interface ClientRepository {
    String findById(long id);

    /** An overload: shares the route of {@link #findById(long)}. */
    String findById(String externalId);

    String findByYclientsId(long yclientsId);

    String save(String client);
}
