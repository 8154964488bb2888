package dev.cutover.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * How commands print: JSON for scripts (maps and lists built by the commands, so field names are chosen, stable
 * and documented, never derived from class internals), aligned columns for people.
 */
public final class Output {
    private Output() {
    }

    /** Prints {@code tree} (maps, lists, strings, numbers, booleans, nulls) as indented JSON. */
    public static void json(PrintWriter out, Object tree) {
        out.println(Json.write(tree));
        out.flush();
    }

    /** Rows as columns padded to their widest cell, two spaces apart, each row indented by {@code indent}. */
    public static void table(PrintWriter out, String indent, List<List<String>> rows) {
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                int width = row.get(i) == null ? 0 : row.get(i).length();
                if (i == widths.size()) {
                    widths.add(width);
                } else if (width > widths.get(i)) {
                    widths.set(i, width);
                }
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i) == null ? "" : row.get(i);
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths.get(i) - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
