package dev.cutover.console.internal;

import dev.cutover.console.ConsoleAuthentication;

/** The frame of every page: head, navigation, the user and the logout button. */
final class Layout {

    private Layout() {
    }

    static String page(Exchange exchange, ConsoleAuthentication authentication, String active, String title, String body) {
        Html html = new Html();
        head(html, exchange.base, title);
        html.raw("<header><a class=\"brand\"" + Html.attr("href", exchange.link("/routes")) + ">Cutover</a><nav>");
        for (String[] item : new String[][] {{"routes", "Routes"}, {"change", "Change"}, {"audit", "Audit log"},
                {"health", "Health"}}) {
            html.raw("<a" + Html.attr("href", exchange.link("/" + item[0])) + (item[0].equals(active)
                    ? " class=\"active\" aria-current=\"page\"" : "") + ">").text(item[1]).raw("</a>");
        }
        html.raw("</nav><div class=\"who\"><span id=\"current-user\">").text(exchange.user.name()).raw("</span> ")
                .el("span", "role role-" + exchange.user.role().id(), exchange.user.role().id());
        String logout = switch (authentication.mode()) {
            case PASSWORDS -> exchange.link("/logout");
            case CONTAINER -> authentication.logoutPath();
            case PROXY_HEADER -> null;
        };
        if (logout != null) {
            html.raw("<form method=\"post\" class=\"inline\"" + Html.attr("action", logout) + ">").raw(exchange.formFields())
                    .raw("<button type=\"submit\" id=\"logout\">Log out</button></form>");
        }
        html.raw("</div></header><main>").el("h1", null, title).raw(body).raw("</main></body></html>");
        return html.toString();
    }

    /** A page outside the login: the login form, a refusal. */
    static String bare(String base, String title, String body) {
        Html html = new Html();
        head(html, base, title);
        html.raw("<header><span class=\"brand\">Cutover</span></header><main class=\"narrow\">").el("h1", null, title)
                .raw(body).raw("</main></body></html>");
        return html.toString();
    }

    private static void head(Html html, String base, String title) {
        html.raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"htmx-config\" content='{\"includeIndicatorStyles\":false,\"allowEval\":false,"
                + "\"allowScriptTags\":false}'>").raw("<title>").text(title).raw(" · Cutover console</title>")
                .raw("<link rel=\"stylesheet\"" + Html.attr("href", base + "/static/console.css") + ">")
                .raw("<script defer" + Html.attr("src", base + "/static/htmx.min.js") + "></script></head><body>");
    }
}
