package dev.cutover.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON the commands print with {@code --json} (through {@link Output#json}): one object, indented. Thread-safe. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A report's own JSON text (the library's {@code toJson()}), as a node to embed. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A report's JSON could not be read back: " + e.getOriginalMessage(), e);
        }
    }

    /** A node, or a tree of maps, lists, strings, numbers, booleans and nulls, as indented JSON. */
    public static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON output could not be written: " + e.getOriginalMessage(), e);
        }
    }
}
