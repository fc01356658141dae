/** Seeded distributions of delays (constant, uniform, exponential, normal, lognormal, Pareto, mixtures, empirical captures) for links, disks and the upstairs. */
package dev.cruciblesim.sim.latency;
