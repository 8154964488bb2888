/** The shadow-read engine. Not API: may change in any release. */
package dev.cutover.shadow.internal;
