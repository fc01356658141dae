/** JMH benchmarks of the pipeline and its parts; run them with {@code java -cp bench/target/crucible-sim.jar org.openjdk.jmh.Main}. */
package dev.cruciblesim.bench.jmh;
