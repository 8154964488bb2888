package dev.cutover.demo;

/**
 * One check of a phase, computed from the databases or from what the callers saw.
 *
 * @param name   what was checked, for the table
 * @param passed whether it held
 * @param detail the figures behind it
 */
record Check(String name, boolean passed, String detail) {

    static Check of(String name, boolean passed, String detail) {
        return new Check(name, passed, detail);
    }
}
