/**
 * {@code crucible-sim compare}: two runs, two sets of runs or two JMH result files, metric by metric, with
 * benchstat's statistics (Mann-Whitney U test, medians with distribution-free confidence intervals, a minimum
 * effect) and a regression gate. Depends on no other package of bench: it reads the files the bundle writes.
 */
package dev.cruciblesim.bench.compare;
