package dev.cutover.backend;

import dev.cutover.Backend;
import dev.cutover.tx.TransactionalConnections;

/**
 * What Cutover needs from a backend adapter (the legacy JDBC adapter, the jOOQ PostgreSQL adapter):
 * which side it is, its unit-of-work-aware connections, and a way to release its pools. Adapters also
 * build generic stores from entity mappings, each with a signature of its own.
 */
public interface BackendAdapter extends AutoCloseable {

    Backend backend();

    TransactionalConnections connections();

    /** Releases every pool and thread the adapter owns. Idempotent. */
    @Override
    void close();
}
