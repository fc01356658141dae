/** Crucible's DTrace scripts (perfgw.d, perfdw.d, perf-upstairs-rw.d, tracegw.d, upstairs_info.d) and the harness's own (perfjob.d, perffault.d) as probe consumers that print what dtrace would. */
package dev.cruciblesim.tracing.report;
