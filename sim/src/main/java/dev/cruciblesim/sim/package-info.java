/** The physics of the simulation: time, the upstairs-downstairs protocol and transports; nothing here knows about upstairs or downstairs internals. */
package dev.cruciblesim.sim;
