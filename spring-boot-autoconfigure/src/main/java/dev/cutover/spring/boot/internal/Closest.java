package dev.cutover.spring.boot.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for property keys: the candidate nearest by edit distance, case ignored, if it is a typo away. */
final class Closest {
    private Closest() {
    }

    /** The nearest candidate within an eighth of its length (at least 2 edits); ties go to the earlier one. */
    static Optional<String> to(String typed, Collection<String> candidates) {
        String a = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String b = candidate.toLowerCase(Locale.ROOT);
            int[] row = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                row[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                int diagonal = row[0];
                row[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int above = row[j];
                    row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                    diagonal = above;
                }
            }
            int distance = row[b.length()];
            if (distance <= Math.max(2, b.length() / 8) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }
}
