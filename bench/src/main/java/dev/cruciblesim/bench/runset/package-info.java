/**
 * Sets of runs: one scenario run several times into one set directory, {@code run --repeat N} in real time
 * (one run after another) or {@code run --seeds SPEC} in virtual time (one run per seed, on worker threads).
 * {@link dev.cruciblesim.bench.runset.SeedList} reads the seeds; {@link dev.cruciblesim.bench.runset.RunSetExecutor}
 * runs the members and stops starting them on request. What one member does (its harness, its bundle) is the
 * command's: this package only schedules.
 */
package dev.cruciblesim.bench.runset;
