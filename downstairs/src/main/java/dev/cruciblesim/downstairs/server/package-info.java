/** A downstairs served over TCP: each connection's reader thread decodes with the wire codec and runs the one {@code DownstairsCore} under the server's core lock. */
package dev.cruciblesim.downstairs.server;
