package dev.cutover.status.reports;

import java.util.Objects;

/**
 * One row of an instance's route table as it reported it.
 *
 * @param method {@code Repository.method}
 * @param kind   {@code read} or {@code write}
 * @param route  the route id in force on that instance (for a call without a tenant)
 * @param origin {@code override}, {@code method}, {@code repository} or {@code default}
 * @param source what set it there: a variable, a store entry, {@code built-in default}
 */
public record ReportedRoute(String method, String kind, String route, String origin, String source) {

    public ReportedRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
    }
}
