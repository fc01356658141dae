/** The runtimes around the upstairs core: the Disruptor inbox with its thread, timers and guest API in real time, and its single-server counterpart in virtual time. */
package dev.cruciblesim.upstairs.runtime;
