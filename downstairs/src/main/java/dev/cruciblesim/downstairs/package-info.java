/** One downstairs: its configuration, the single-threaded job-executing core, and the runtime that drives it on its own thread. */
package dev.cruciblesim.downstairs;
