/** Guest workloads and the write oracle that checks every read against what was acknowledged. */
package dev.cruciblesim.bench.workload;
