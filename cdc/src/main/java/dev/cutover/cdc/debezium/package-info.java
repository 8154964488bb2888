/**
 * The change feed on Debezium's embedded engine ({@link dev.cutover.cdc.debezium.DebeziumFeed}) and its configuration.
 * Debezium and Kafka Connect's runtime are dependencies of this module only.
 */
package dev.cutover.cdc.debezium;
