package dev.cutover.verify.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * JSON of the verify and schema reports: records by component, times and durations as ISO-8601 text,
 * decimals as written, JSON values of rows as JSON. Called by {@code VerifyReport.toJson} and
 * {@code SchemaReport.toJson}; not for applications, which call those. Thread-safe.
 */
public final class ReportJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("cutover-reports")
                    .addSerializer(Instant.class, ToStringSerializer.instance)
                    .addSerializer(Duration.class, ToStringSerializer.instance)
                    .addSerializer(LocalDate.class, ToStringSerializer.instance)
                    .addSerializer(OffsetDateTime.class, ToStringSerializer.instance))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private ReportJson() {
    }

    /** The report as a JSON object, with {@code exitCode} added after its own fields. */
    public static String write(Record report, int exitCode) {
        ObjectNode tree = MAPPER.valueToTree(report);
        tree.put("exitCode", exitCode);
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A report could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
