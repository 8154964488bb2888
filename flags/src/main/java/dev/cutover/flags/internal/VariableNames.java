package dev.cutover.flags.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Derives the upper-snake-case part of an environment variable name from a Java name. */
public final class VariableNames {

    private VariableNames() {
    }

    /**
     * {@code findByYclientsId} -> {@code FIND_BY_YCLIENTS_ID}; {@code findByIDAndName} -> {@code FIND_BY_ID_AND_NAME};
     * {@code findAllIDs} -> {@code FIND_ALL_IDS}; {@code saveV2} -> {@code SAVE_V2}. {@code _} and {@code $} separate words, so the result never holds
     * {@code __}, which separates repository and method in a route variable.
     *
     * @throws IllegalArgumentException quoting the name, if it holds anything but ASCII letters, digits,
     *                                  {@code _} and {@code $}, or no letter or digit at all
     */
    public static String upperSnake(String javaName) {
        if (javaName == null) {
            throw new IllegalArgumentException("Cannot derive a variable name from null");
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int length = javaName.length();
        for (int i = 0; i < length; i++) {
            char c = javaName.charAt(i);
            if (c == '_' || c == '$') {
                flush(word, words);
                continue;
            }
            if (!isAsciiLetterOrDigit(c)) {
                throw new IllegalArgumentException("'" + javaName + "' has characters other than ASCII letters, digits, _ and $,"
                        + " so it cannot be part of an environment variable name");
            }
            if (word.length() > 0 && startsWord(javaName, i)) {
                flush(word, words);
            }
            word.append(c);
        }
        flush(word, words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("'" + javaName + "' has no letter or digit,"
                    + " so it cannot be part of an environment variable name");
        }
        return String.join("_", words).toUpperCase(Locale.ROOT);
    }

    /**
     * {@code aB}, {@code 2B}, and the last capital of an acronym followed by lower case ({@code IDAnd}),
     * except for an acronym's plural {@code s} ({@code IDs}, {@code IDsBy}), which stays with the acronym.
     */
    private static boolean startsWord(String name, int i) {
        char previous = name.charAt(i - 1);
        char c = name.charAt(i);
        if (!isUpper(c)) {
            return false;
        }
        if (isLower(previous) || isDigit(previous)) {
            return true;
        }
        if (!isUpper(previous) || i + 1 >= name.length() || !isLower(name.charAt(i + 1))) {
            return false;
        }
        boolean plural = name.charAt(i + 1) == 's' && (i + 2 == name.length() || !isLower(name.charAt(i + 2)));
        return !plural;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return isUpper(c) || isLower(c) || isDigit(c);
    }

    private static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
