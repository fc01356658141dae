/** The harness: wires one upstairs to three downstairs, drives workloads, prints reports; home of the only main. */
package dev.cruciblesim.bench;
