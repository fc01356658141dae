/*
 * perf-upstairs-rw.d: flushes and writes through the upstairs in three parts:
 *   1: IO received in the upstairs -> IO submitted to the downstairs work queue;
 *   2: on the queue -> enough downstairs done that the IO is ready to ack;
 *   3: ready to ack -> the ack sent to the guest.
 * A part is timed only when the previous one was.
 */
crucible_upstairs*:::gw-flush-start
{
    fstart[arg0] = timestamp;
}

crucible_upstairs*:::up-to-ds-flush-start
/fstart[arg0]/
{
    @timeone["flush guest-upds"] = quantize(timestamp - fstart[arg0]);
    fstart[arg0] = 0;
    fqueue[arg0] = timestamp;
}

crucible_upstairs*:::up-to-ds-flush-done
/fqueue[arg0]/
{
    @timetwo["flush upds-ds-upds"] = quantize(timestamp - fqueue[arg0]);
    fqueue[arg0] = 0;
    fack[arg0] = timestamp;
}

crucible_upstairs*:::gw-flush-done
/fack[arg0]/
{
    @timethree["flush upds-guest"] = quantize(timestamp - fack[arg0]);
    fack[arg0] = 0;
}

crucible_upstairs*:::gw-write-start
{
    wstart[arg0] = timestamp;
}

crucible_upstairs*:::up-to-ds-write-start
/wstart[arg0]/
{
    @wtimeone["write guest-upds"] = quantize(timestamp - wstart[arg0]);
    wstart[arg0] = 0;
    wqueue[arg0] = timestamp;
}

crucible_upstairs*:::up-to-ds-write-done
/wqueue[arg0]/
{
    @wtimetwo["write upds-upds"] = quantize(timestamp - wqueue[arg0]);
    wqueue[arg0] = 0;
    wack[arg0] = timestamp;
}

crucible_upstairs*:::gw-write-done
/wack[arg0]/
{
    @wtimethree["write upds-guest"] = quantize(timestamp - wack[arg0]);
    wack[arg0] = 0;
}
