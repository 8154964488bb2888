package dev.cutover.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestionsTest {
    private static final List<String> CANDIDATES = List.of("CUTOVER_ROUTE_DEFAULT", "CUTOVER_ROUTE_OVERRIDE",
            "CUTOVER_ROUTE__CLIENT_REPOSITORY", "CUTOVER_TEST_POSTGRES_URL");

    @ParameterizedTest(name = "{0} -> {1} = {2}")
    @CsvSource({"'', '', 0", "abc, '', 3", "'', abc, 3", "kitten, sitting, 3", "flaw, lawn, 2", "same, same, 0",
            "ab, ba, 2"})
    void shouldComputeTheEditDistance(String a, String b, int distance) {
        assertThat(Suggestions.distance(a, b)).isEqualTo(distance);
    }

    @Test
    void shouldSuggestTheClosestCandidateIgnoringCase() {
        assertThat(Suggestions.closest("cutover_route_defualt", CANDIDATES)).contains("CUTOVER_ROUTE_DEFAULT");
        assertThat(Suggestions.closest("CUTOVER_ROUTE_CLIENT_REPOSITORY", CANDIDATES))
                .contains("CUTOVER_ROUTE__CLIENT_REPOSITORY");
    }

    @Test
    void shouldSuggestNothingForAnUnrelatedName() {
        assertThat(Suggestions.closest("CUTOVER_DB_PASSWORD", CANDIDATES)).isEmpty();
        assertThat(Suggestions.closest("CUTOVER_X", CANDIDATES)).isEmpty();
        assertThat(Suggestions.closest("CUTOVER_ROUTE_DEFAULT", List.of())).isEmpty();
    }

    @Test
    void shouldPreferTheEarlierCandidateOnATie() {
        assertThat(Suggestions.closest("CUTOVER_AB", List.of("CUTOVER_AC", "CUTOVER_AD"))).contains("CUTOVER_AC");
    }
}
