/** The single-threaded upstairs state machine: jobs, dependencies, quorum, retirement, client states and flow control. */
package dev.cruciblesim.upstairs.core;
