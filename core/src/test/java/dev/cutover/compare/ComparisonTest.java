package dev.cutover.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.mapping.spi.Values;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    record Client(long id, String name, JsonNode aiContext, BigDecimal balance, Instant updatedAt, List<String> tags) {
    }

    private static JsonNode json(String text) {
        try {
            return Values.json().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Client client(String context, String balance, Instant updatedAt, List<String> tags) {
        return new Client(1, "Ann", json(context), new BigDecimal(balance), updatedAt, tags);
    }

    private static final Instant AT = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void shouldMatchValuesThatDifferOnlyInRepresentation() {
        Client legacy = client("{\"tone\":\"warm\",\"score\":2.5,\"tags\":[1,2]}", "10.5", AT, List.of("a"));
        Client postgres = client("{\"tags\":[1.0,2],\"score\":2.50,\"tone\":\"warm\"}", "10.50", AT, List.of("a"));

        assertThat(Comparison.ofDefaults().compare(legacy, postgres).matches()).isTrue();
        assertThat(Comparison.ofDefaults().matches(Optional.of(5L), 5)).isTrue();
        assertThat(Comparison.ofDefaults().matches(AT, OffsetDateTime.parse("2026-01-01T13:00:00+03:00"))).isTrue();
        assertThat(Comparison.ofDefaults().matches(Optional.empty(), null)).isTrue();
        assertThat(Comparison.ofDefaults().matches(Set.of(1, 2, 3), List.of(3, 2, 1))).isTrue();
    }

    @Test
    void shouldReportEachDifferingFieldWithItsPath() {
        Client legacy = client("{\"tone\":\"warm\",\"visits\":[{\"spent\":\"1.00\"}]}", "10.50", AT, List.of("a", "b"));
        Client postgres = client("{\"tone\":\"brief\",\"visits\":[{\"spent\":\"2.00\"}],\"extra\":null}", "10.51", AT,
                List.of("b", "a"));

        ComparisonResult result = Comparison.ofDefaults().compare(legacy, postgres);

        assertThat(result.differences()).extracting(Difference::path)
                .containsExactly("aiContext.tone", "aiContext.visits[0].spent", "aiContext.extra", "balance", "tags[0]", "tags[1]");
        assertThat(result.differences().get(0)).hasToString("aiContext.tone: legacy='\"warm\"' postgres='\"brief\"'");
        assertThat(result.differences().get(2).legacy()).isNull();
        assertThat(result.total()).isEqualTo(6);
    }

    @Test
    void shouldFollowIgnoredFieldsAndUnorderedCollections() {
        Client legacy = client("{\"tags\":[\"x\",\"y\",\"y\"]}", "1", AT, List.of("a", "b"));
        Client postgres = client("{\"tags\":[\"y\",\"x\",\"y\"]}", "1", AT.plusSeconds(1), List.of("b", "a"));
        ComparisonRules rules = ComparisonRules.custom().ignore("updatedAt").unordered("tags").build();

        assertThat(Comparison.of(rules).compare(legacy, postgres).matches()).isTrue();

        Client missingOne = client("{\"tags\":[\"y\",\"x\"]}", "1", AT, List.of("b", "a", "c"));
        ComparisonResult result = Comparison.of(rules).compare(legacy, missingOne);
        assertThat(result.differences()).extracting(Difference::toString)
                .containsExactlyInAnyOrder("aiContext.tags[*]: legacy='\"y\"' postgres=null", "tags[*]: legacy=null postgres='c'");
    }

    @Test
    void shouldListAtMostTheConfiguredNumberButCountThemAll() {
        ComparisonRules rules = ComparisonRules.custom().maxDifferences(2).build();
        ComparisonResult result = Comparison.of(rules).compare(List.of(1, 2, 3, 4), List.of(5, 6, 7, 8));

        assertThat(result.differences()).hasSize(2);
        assertThat(result.total()).isEqualTo(4);
        assertThat(result).hasToString("4 differences\n  [0]: legacy='1' postgres='5'\n  [1]: legacy='2' postgres='6'\n  ... and 2 more");
        assertThatThrownBy(() -> ComparisonRules.custom().maxDifferences(0))
                .hasMessage("maxDifferences must be at least 1, was '0'");
        assertThatThrownBy(() -> ComparisonRules.custom().ignore("aiContext."))
                .hasMessage("ignore needs field names or dotted paths like 'aiContext.tags', got 'aiContext.'");
    }

    @Test
    void shouldTellJsonNullFromAnAbsentFieldAndFromSqlNull() {
        assertThat(Comparison.ofDefaults().matches(json("{\"a\":null}"), json("{}"))).isFalse();
        assertThat(Comparison.ofDefaults().matches(json("null"), null)).isFalse();
        assertThat(Comparison.ofDefaults().compare(null, "x").differences()).singleElement()
                .hasToString("value: legacy=null postgres='x'");
    }
}
