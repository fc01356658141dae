/** A downstairs' region: extents of blocks with per-extent flush number, generation and dirty bit, over a pluggable {@link dev.cruciblesim.downstairs.region.ExtentStore}. */
package dev.cruciblesim.downstairs.region;
