package dev.cutover.backfill.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cutover.mapping.spi.Values;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonScanTest {
    private static final List<String> VALID = List.of("{}", "[]", " {\"a\": [1, -2.5e+3, 0.25, true, false, null]} ",
            "\"text\"", "0", "-0", "1E9", "{\"\\u00e9\\n\\\"\": \"\\ud83d\\ude00\"}", "[[[[]]]]", "{\"a\":{\"b\":{}}}\n", "{\"名前\": \"é😀\"}");
    private static final List<String> INVALID = List.of("", " ", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "01", "1.", ".5", "-",
            "+1", "NaN", "'a'", "[1] [2]", "{\"a\":1}}", "\"\\x\"", "\"\\u12\"", "\"tab\there\"", "tru", "nul", "{a:1}",
            "[1 2]", "\"unterminated", "\"raw\u0000nul\"", "{\"é\": é}");

    @Test
    void shouldAgreeWithTheStrictParserOnValidAndInvalidJson() {
        for (String text : VALID) {
            assertThat(JsonScan.isValid(text, true)).as(text).isTrue();
            assertThat(jacksonAccepts(text)).as(text).isTrue();
        }
        for (String text : INVALID) {
            assertThat(JsonScan.isValid(text, false)).as(text).isFalse();
            assertThat(jacksonAccepts(text)).as(text).isFalse();
        }
    }

    @Test
    void shouldRefuseAnEscapedNulOnlyForJsonb() {
        assertThat(JsonScan.isValid("{\"a\": \"x\\u0000y\"}", false)).isTrue();
        assertThat(JsonScan.isValid("{\"a\": \"x\\u0000y\"}", true)).isFalse();
        assertThat(JsonScan.isValid("{\"\\u0000\": 1}", true)).isFalse();
    }

    private static boolean jacksonAccepts(String text) {
        try {
            return !Values.json().readTree(text).isMissingNode();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
