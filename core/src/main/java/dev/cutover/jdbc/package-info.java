/**
 * What Cutover knows of JDBC drivers: the URL forms each accepts and how to show a URL without its secrets
 * ({@link dev.cutover.jdbc.JdbcUrls}), what SQLStates mean ({@link dev.cutover.jdbc.SqlStates}), and how a driver's
 * exception, causes included, is shown without secrets ({@link dev.cutover.jdbc.Redaction}).
 */
package dev.cutover.jdbc;
