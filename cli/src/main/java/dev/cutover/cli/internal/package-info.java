/** The command line's implementation: settings, connections, commands. Not an API. */
package dev.cutover.cli.internal;
