package dev.cutover.jdbc;

import java.util.Map;

/** What the SQLStates Cutover tells apart mean. Thread-safe (stateless). */
public final class SqlStates {
    // PostgreSQL's condition names (Appendix A, "PostgreSQL Error Codes") of the classes a row's value can raise.
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("22000", "data_exception"), Map.entry("22001", "string_data_right_truncation"),
            Map.entry("22003", "numeric_value_out_of_range"), Map.entry("22004", "null_value_not_allowed"),
            Map.entry("22007", "invalid_datetime_format"), Map.entry("22008", "datetime_field_overflow"),
            Map.entry("22009", "invalid_time_zone_displacement_value"), Map.entry("22012", "division_by_zero"),
            Map.entry("22021", "character_not_in_repertoire"), Map.entry("22023", "invalid_parameter_value"),
            Map.entry("22026", "string_data_length_mismatch"), Map.entry("22P01", "floating_point_exception"),
            Map.entry("22P02", "invalid_text_representation"), Map.entry("22P03", "invalid_binary_representation"),
            Map.entry("22P04", "bad_copy_file_format"), Map.entry("22P05", "untranslatable_character"),
            Map.entry("22032", "invalid_json_text"), Map.entry("23000", "integrity_constraint_violation"),
            Map.entry("23001", "restrict_violation"), Map.entry("23502", "not_null_violation"),
            Map.entry("23503", "foreign_key_violation"), Map.entry("23505", "unique_violation"),
            Map.entry("23514", "check_violation"), Map.entry("23P01", "exclusion_violation"),
            Map.entry("54000", "program_limit_exceeded"), Map.entry("54001", "statement_too_complex"));

    private SqlStates() {
    }

    /**
     * The SQLState with PostgreSQL's name for it, as quarantine reasons show it: {@code 22003 numeric_value_out_of_range};
     * the code alone when the name is not known here.
     */
    public static String describe(String sqlState) {
        String name = sqlState == null ? null : NAMES.get(sqlState);
        return name == null ? String.valueOf(sqlState) : sqlState + " " + name;
    }

    /**
     * Whether {@code sqlState} says a table, or its schema, does not exist (PostgreSQL 42P01, 3F000): for Cutover's own
     * tables, its migrations have not run.
     */
    public static boolean missingTable(String sqlState) {
        return "42P01".equals(sqlState) || "3F000".equals(sqlState);
    }
}
