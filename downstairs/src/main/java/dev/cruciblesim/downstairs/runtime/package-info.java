/** The runtimes a downstairs core runs in: its own thread in real time, or a simulated disk in virtual time. */
package dev.cruciblesim.downstairs.runtime;
