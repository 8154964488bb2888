package dev.cutover.scaffold.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Java names derived from SQL names, predictably, the way jOOQ's default generator strategy does: split on every
 * character that is not a letter or digit, join the words in camelCase ({@code display_name} to {@code displayName});
 * a name in mixed case keeps its capitals ({@code displayName}, {@code OrderID}), only its first letter changes
 * case; a name in upper case only reads as lower case ({@code SKU_CODE} to {@code skuCode}). A Java keyword gets a
 * trailing underscore ({@code default_}), a leading digit a leading underscore. Stateless.
 */
public final class Names {
    private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case", "catch",
            "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "false", "final",
            "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
            "native", "new", "null", "package", "private", "protected", "public", "return", "short", "static",
            "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "true", "try", "void",
            "volatile", "while", "_", "var", "yield", "record", "sealed", "permits");

    /** Type names a generated type must not take: they would hide the {@code java.lang} types its files use. */
    private static final Set<String> TAKEN_TYPES = Set.of("Boolean", "Integer", "Long", "Object", "Override", "Record",
            "Short", "String", "Double", "Float", "Character", "Byte", "Void", "Class", "Math", "System");

    private Names() {
    }

    /** A member name: {@code display_name} and {@code displayName} become {@code displayName}. */
    public static String member(String sqlName) {
        String camel = camel(sqlName);
        String member = Character.toLowerCase(camel.charAt(0)) + camel.substring(1);
        return KEYWORDS.contains(member) ? member + "_" : member;
    }

    /** A type name: {@code order_lines} becomes {@code OrderLines}; a {@code java.lang} name gets {@code Row} added. */
    public static String type(String sqlName) {
        String camel = camel(sqlName);
        String type = Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
        return TAKEN_TYPES.contains(type) ? type + "Row" : type;
    }

    private static String camel(String sqlName) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < sqlName.length(); ) {
            int c = sqlName.codePointAt(i);
            if (Character.isLetterOrDigit(c)) {
                word.appendCodePoint(c);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
            i += Character.charCount(c);
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            return "column";
        }
        // camelCase is kept; all lower or all upper case is snake_case
        boolean hasCapitals = !sqlName.equals(sqlName.toLowerCase(Locale.ROOT))
                && !sqlName.equals(sqlName.toUpperCase(Locale.ROOT));
        StringBuilder camel = new StringBuilder();
        for (String w : words) {
            String part = hasCapitals ? w : w.toLowerCase(Locale.ROOT);
            camel.append(camel.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return Character.isJavaIdentifierStart(camel.codePointAt(0)) ? camel.toString() : "_" + camel;
    }

    /** A Java string literal holding {@code text} exactly. */
    public static String literal(String text) {
        StringBuilder literal = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> literal.append("\\\"");
                case '\\' -> literal.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        literal.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        literal.append(c);
                    }
                }
            }
        }
        return literal.append('"').toString();
    }

    /** Text safe inside a block comment: no comment end, no line break, no unicode escape javac would translate. */
    public static String commentText(String text) {
        return text.replace("*/", "* /").replace("\\u", "\\ u").replace('\n', ' ').replace('\r', ' ');
    }

    /** The key for matching names across the two schemas: letters and digits, lower case ({@code displayname}). */
    public static String matchKey(String sqlName) {
        StringBuilder key = new StringBuilder();
        sqlName.codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase).forEach(key::appendCodePoint);
        return key.toString();
    }
}
