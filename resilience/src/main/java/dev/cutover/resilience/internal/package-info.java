/** Engine of the resilience module. Not API: may change in any release. */
package dev.cutover.resilience.internal;
