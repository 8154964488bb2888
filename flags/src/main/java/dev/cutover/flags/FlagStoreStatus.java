package dev.cutover.flags;

import java.time.Instant;
import java.util.List;

/**
 * How the flag store answered the last read, for health checks.
 *
 * @param reachable whether the last read succeeded; if not, the routes of the last good read stay in force
 * @param lastRead  when the last successful read happened (the source's clock), or {@code null} if none did:
 *                  only when the store was unreachable at startup and variables decide every route
 * @param failure   why the last read failed, or {@code null} when it succeeded
 * @param ignored   the store entries this instance ignores, one sentence each: invalid ones (whose last
 *                  good value is kept) and ones naming no routed method of this application
 * @param listening whether changes reach this instance by notification now; {@code false} while it polls (its listening
 *                  connection is down, notifications are off, or it has no background refresh)
 */
public record FlagStoreStatus(boolean reachable, Instant lastRead, String failure, List<String> ignored, boolean listening) {

    public FlagStoreStatus {
        ignored = List.copyOf(ignored);
    }
}
