/** The upstairs' end of a link to a downstairs over TCP: framing by the wire codec, one connection per client. */
package dev.cruciblesim.sim.transport.tcp;
