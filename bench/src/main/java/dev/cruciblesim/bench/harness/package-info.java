/** Builds one upstairs and three downstairs from a scenario for any runtime, runs a workload through them in real time, and collects the reports. */
package dev.cruciblesim.bench.harness;
