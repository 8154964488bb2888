package dev.cutover.console.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Small line and bar charts as inline SVG, drawn on the server: no script, nothing loaded. */
final class Charts {
    static final int WIDTH = 640;
    static final int HEIGHT = 140;
    private static final int LEFT = 48;
    private static final int BOTTOM = 20;

    /** One point of a series. */
    record Point(Instant at, double value) {
    }

    private Charts() {
    }

    /** A line (or, with {@code bars}, bars) of {@code points} over their time span, with the maximum labelled. */
    static String chart(String id, String title, List<Point> points, boolean bars, String unit) {
        Html svg = new Html();
        svg.raw("<figure class=\"chart\"" + Html.attr("id", id) + "><figcaption>").text(title).raw("</figcaption>");
        if (points.isEmpty()) {
            return svg.raw("<p class=\"note\">No data yet.</p></figure>").toString();
        }
        double max = Math.max(1, points.stream().mapToDouble(Point::value).max().orElse(1));
        long from = points.get(0).at().toEpochMilli();
        long to = Math.max(from + 1, points.get(points.size() - 1).at().toEpochMilli());
        int plotWidth = WIDTH - LEFT - 8;
        int plotHeight = HEIGHT - BOTTOM - 8;
        svg.raw("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"" + Html.attr("viewBox", "0 0 " + WIDTH + " " + HEIGHT)
                + Html.attr("width", WIDTH) + Html.attr("height", HEIGHT) + Html.attr("aria-label", title) + ">");
        svg.raw("<line class=\"axis\" x1=\"" + LEFT + "\" y1=\"" + (8 + plotHeight) + "\" x2=\"" + (WIDTH - 8) + "\" y2=\""
                + (8 + plotHeight) + "\"/><line class=\"axis\" x1=\"" + LEFT + "\" y1=\"8\" x2=\"" + LEFT + "\" y2=\""
                + (8 + plotHeight) + "\"/>");
        svg.raw("<text x=\"4\" y=\"16\">").text(format(max) + unit).raw("</text><text x=\"4\" y=\"" + (8 + plotHeight)
                + "\">0</text>");
        svg.raw("<text" + Html.attr("x", LEFT) + Html.attr("y", HEIGHT - 4) + ">").text(points.get(0).at().toString()
                .substring(0, 16).replace('T', ' ')).raw("</text><text text-anchor=\"end\"" + Html.attr("x", WIDTH - 8)
                + Html.attr("y", HEIGHT - 4) + ">").text(points.get(points.size() - 1).at().toString().substring(0, 16)
                .replace('T', ' ')).raw("</text>");
        if (bars) {
            double width = Math.max(2, (double) plotWidth / Math.max(points.size(), 24) - 2);
            for (Point point : points) {
                double x = LEFT + (points.size() == 1 ? 0 : (point.at().toEpochMilli() - from) * (plotWidth - width) / (to - from));
                double height = point.value() / max * plotHeight;
                svg.raw("<rect fill=\"#b3261e\"" + Html.attr("x", format(x)) + Html.attr("y", format(8 + plotHeight - height))
                        + Html.attr("width", format(width)) + Html.attr("height", format(height)) + "><title>")
                        .text(point.at() + ": " + format(point.value()) + unit).raw("</title></rect>");
            }
        } else {
            StringBuilder path = new StringBuilder();
            for (Point point : points) {
                double x = LEFT + (point.at().toEpochMilli() - from) * (double) plotWidth / (to - from);
                double y = 8 + plotHeight - point.value() / max * plotHeight;
                path.append(path.length() == 0 ? "M" : " L").append(format(x)).append(' ').append(format(y));
            }
            svg.raw("<path fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"2\"" + Html.attr("d", path) + "/>");
        }
        return svg.raw("</svg></figure>").toString();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
