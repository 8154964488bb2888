package dev.cutover.verify.internal;

import dev.cutover.Backend;

/** Why one side cannot read a row: the side, the column if known (as that side names it), the reason. */
record Unreadable(Backend side, String column, String reason) {
}
