/** The single-threaded upstairs state machine: its one input type, jobs, quorum, retirement, per-client state; the revision's rules come from {@code policy}. */
package dev.cruciblesim.upstairs.core;
