package dev.cutover.console;

import java.util.Objects;

/**
 * A logged-in console user: the name becomes the actor of the changes the user makes.
 *
 * @param name the user's name, as logged in
 * @param role what the user may do
 */
public record ConsoleUser(String name, ConsoleRole role) {

    public ConsoleUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A console user's name cannot be blank");
        }
    }

    public boolean canChange() {
        return role == ConsoleRole.CHANGE;
    }
}
