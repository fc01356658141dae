/** Wires one upstairs to three downstairs, runs a workload through them and collects the reports. */
package dev.cruciblesim.bench.harness;
