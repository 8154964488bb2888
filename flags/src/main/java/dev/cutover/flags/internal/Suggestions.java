package dev.cutover.flags.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for variable names: the closest candidate by edit distance, if close enough. */
final class Suggestions {
    private static final String PREFIX = "CUTOVER_";

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code name}, ignoring case and the shared {@code CUTOVER_} prefix, if it
     * is within an eighth of the candidate's length (at least 2 edits): typos, not other names. Ties go to the earlier candidate.
     */
    static Optional<String> closest(String name, Collection<String> candidates) {
        String typed = strip(name.toUpperCase(Locale.ROOT));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String known = strip(candidate);
            int distance = distance(typed, known);
            if (distance <= Math.max(2, known.length() / 8) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The candidate closest to {@code name} by the same rule, comparing both in upper case and as they
     * are otherwise: for Java names such as {@code ClientRepository.findById}.
     */
    static Optional<String> closestIgnoringCase(String name, Collection<String> candidates) {
        String typed = name.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String known = candidate.toUpperCase(Locale.ROOT);
            int distance = distance(typed, known);
            if (distance <= Math.max(2, known.length() / 8) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String strip(String name) {
        return name.startsWith(PREFIX) ? name.substring(PREFIX.length()) : name;
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
