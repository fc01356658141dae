/**
 * What is known per block of a volume, kept sparse: memory follows the blocks written, not the volume's size. Shared
 * by the downstairs' stamp store and the harness's write oracle, which must agree on what a block holds.
 */
package dev.cruciblesim.sim.block;
