/** IO traces (fio iologs, CSV, JSONL) read and validated in full before a workload replays them, and fio iologs written back. */
package dev.cruciblesim.bench.workload.trace;
