/** Guest workloads: the resolved job and replay specs with the harness's limits on them, the engine that runs them, and the write oracle that checks every read against what was acknowledged. */
package dev.cruciblesim.bench.workload;
