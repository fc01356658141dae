/** The D-language engine: compiles users' D scripts to closures and runs them over the probe stream. */
package dev.cruciblesim.tracing.d;
