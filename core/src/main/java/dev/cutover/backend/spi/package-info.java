/**
 * What core gives the backend modules for starting a backend: {@link dev.cutover.backend.spi.FirstConnection} opens a
 * pool and words a failure to connect the same way for every backend, without the password. Called by the adapters of
 * {@code cutover-backend-legacy} and {@code cutover-backend-postgres}, and by any backend module written later; nothing
 * here is for applications, which use the adapters' {@code create} methods.
 */
package dev.cutover.backend.spi;
