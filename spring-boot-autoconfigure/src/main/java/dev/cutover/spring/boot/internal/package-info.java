/** The starter's engine: not API, may change in any release. */
package dev.cutover.spring.boot.internal;
