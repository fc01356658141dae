/*
 * perfgw.d: guest IO latency, from a job's submission to the upstairs work queue
 * (gw-*-start) to the guest being told it completed (gw-*-done), one quantize per
 * operation. Add -Z when the upstairs is not yet running.
 */
crucible_upstairs*:::gw-*-start
{
    start[arg0] = timestamp;
}

crucible_upstairs*:::gw-*-done
/start[arg0]/
{
    strtok(probename, "-");
    this->cmd = strtok(NULL, "-");
    @time[this->cmd] = quantize(timestamp - start[arg0]);
    start[arg0] = 0;
}
