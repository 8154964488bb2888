package dev.cutover.flags;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the flag store, as stored (it may be one an instance ignores; see {@link FlagStoreStatus#ignored()}).
 *
 * @param target what it sets: {@code override}, {@code default}, a repository or {@code Repository.method}
 * @param value  a route id, or a rollout as the audit log shows it
 *               ({@code rollout to postgres for 25% of tenants, else legacy})
 * @param setBy  who set it
 * @param setAt  when
 * @param reason why
 */
public record FlagEntry(String target, String value, String setBy, Instant setAt, String reason) {

    public FlagEntry {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(setBy, "setBy");
        Objects.requireNonNull(setAt, "setAt");
        Objects.requireNonNull(reason, "reason");
    }
}
