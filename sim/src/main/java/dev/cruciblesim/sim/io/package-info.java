/** Reading the files a user names: only regular files, and within a size bound, so no input can hang or exhaust a run. */
package dev.cruciblesim.sim.io;
