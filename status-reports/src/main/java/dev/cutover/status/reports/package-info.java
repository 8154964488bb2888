/**
 * Instance status reports: {@link dev.cutover.status.reports.StatusReports} writes what a running instance knows
 * about itself (routes, breakers, outbox backlog, reconciler) into the target PostgreSQL for {@code cutover status};
 * {@link dev.cutover.status.reports.StatusReports#read} reads them back.
 */
package dev.cutover.status.reports;
