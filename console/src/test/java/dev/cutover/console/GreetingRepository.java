package dev.cutover.console;

/** A read-only repository of the tests: which backend answered is what it returns. */
public interface GreetingRepository {
    String findGreeting(String name);
}
