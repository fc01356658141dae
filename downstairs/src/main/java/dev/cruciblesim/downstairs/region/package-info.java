/** A downstairs' region: extents of blocks with per-extent flush number, generation and dirty bit, over a pluggable {@link dev.cruciblesim.downstairs.region.ExtentStore}, in memory or durable in a region directory of one file per extent. */
package dev.cruciblesim.downstairs.region;
