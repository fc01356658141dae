/** The record every run leaves in results/runs/RUN-ID/: text reports, report.json, the .hlog, fio-style JSON and the environment. */
package dev.cruciblesim.bench.bundle;
