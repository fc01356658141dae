/** Start-up reconciliation's copy path: how a downstairs fetches a whole extent from the source downstairs ({@link dev.cruciblesim.downstairs.repair.RepairSource}, in this JVM or over TCP) and the small repair server that serves its own. */
package dev.cruciblesim.downstairs.repair;
