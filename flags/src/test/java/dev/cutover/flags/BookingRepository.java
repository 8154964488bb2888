package dev.cutover.flags;

/** Test repository; each implementation answers with its backend's id. */
public interface BookingRepository {
    String findById(long id);

    String deleteById(long id);
}
