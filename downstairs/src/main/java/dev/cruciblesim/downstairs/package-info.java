/** One downstairs: its configuration and the single-threaded job-executing core (its runtimes are in {@code runtime}). */
package dev.cruciblesim.downstairs;
