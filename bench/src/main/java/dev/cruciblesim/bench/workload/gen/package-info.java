/** The random and sequential choices of a fio-style workload generator (offsets, IO sizes, issue times) under fio's option names and meanings. */
package dev.cruciblesim.bench.workload.gen;
