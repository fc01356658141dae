/** A downstairs served over TCP: one core thread owns the {@code DownstairsCore}, each connection gets a reader thread, and the wire codec frames every message. */
package dev.cruciblesim.downstairs.server;
