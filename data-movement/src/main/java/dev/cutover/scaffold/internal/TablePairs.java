package dev.cutover.scaffold.internal;

import dev.cutover.scaffold.ScaffoldException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Legacy tables paired with target tables by name, for {@code Scaffold.allTables()}. Stateless. */
final class TablePairs {

    private TablePairs() {
    }

    /** Each legacy table with its target: the same name, else the only same letters and digits, else the only plural. */
    static List<String[]> pair(List<String> legacyTables, List<String> targetTables, String legacySchema,
            String targetSchema) {
        List<String[]> pairs = new ArrayList<>();
        List<String> unpaired = new ArrayList<>();
        for (String legacy : legacyTables) {
            String key = Names.matchKey(legacy);
            String target = targetTables.contains(legacy) ? legacy
                    : only(targetTables, t -> Names.matchKey(t).equals(key));
            if (target == null) {
                target = only(targetTables, t -> Names.matchKey(t).equals(key + "s") || Names.matchKey(t).equals(key + "es"));
            }
            if (target == null) {
                unpaired.add(legacy);
            } else {
                pairs.add(new String[] {legacy, target});
            }
        }
        if (!unpaired.isEmpty()) {
            throw new ScaffoldException("No single postgres table in schema " + targetSchema + " pairs with legacy table(s) "
                    + String.join(", ", unpaired) + " of " + legacySchema + "; name each pair (cutover scaffold --table "
                    + "LEGACY=TARGET, Scaffold.table(legacy, target)). Postgres tables: " + String.join(", ", targetTables));
        }
        return pairs;
    }

    private static String only(List<String> tables, Predicate<String> matches) {
        List<String> found = tables.stream().filter(matches).toList();
        return found.size() == 1 ? found.get(0) : null;
    }
}
