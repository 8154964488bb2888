package dev.cutover.cli.internal.commands;

import dev.cutover.cli.MovedTable;
import dev.cutover.cli.internal.Session;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The tables a command works on: those named by {@code --table}, else every table of the application, in its order. */
final class Tables {
    private Tables() {
    }

    /**
     * The application's tables named in {@code names} (each checked: an unknown name is an error listing the known
     * ones), in the application's order so that referenced tables come first; all of them when none is named.
     */
    static List<MovedTable<?, ?>> select(Session session, List<String> names) {
        List<MovedTable<?, ?>> all = session.application().tables();
        if (names == null || names.isEmpty()) {
            return all;
        }
        Set<MovedTable<?, ?>> wanted = new LinkedHashSet<>();
        for (String name : names) {
            wanted.add(session.table(name.trim()));
        }
        List<MovedTable<?, ?>> selected = new ArrayList<>();
        for (MovedTable<?, ?> table : all) {
            if (wanted.contains(table)) {
                selected.add(table);
            }
        }
        return selected;
    }
}
