/** The real-time runtime around the upstairs core: the Disruptor inbox, its consumer thread, timers and the guest API. */
package dev.cruciblesim.upstairs.runtime;
