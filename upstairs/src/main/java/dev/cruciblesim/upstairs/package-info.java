/**
 * The upstairs: the guest-facing side that replicates every read, write and flush to three downstairs.
 *
 * <pre>
 * guest threads ──▶ Guest (validate) ──▶ inbox ring (Disruptor, many producers) ◀── downstairs replies
 *                                              │ one consumer thread
 *                                              ▼
 *                      UpstairsCore.apply: job + deps ─▶ client 0 / 1 / 2 outbound ─▶ downstairs
 *                                              │ quorum (read 1, write 2, flush 2)
 *                                              ▼
 *                                     ack to guest, retire on flush
 * </pre>
 */
package dev.cruciblesim.upstairs;
