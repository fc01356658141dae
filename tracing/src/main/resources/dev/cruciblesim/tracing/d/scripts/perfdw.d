/*
 * perfdw.d: per downstairs client, the time from a job being sent over the network
 * (ds-*-io-start) to that client's ACK arriving back at the upstairs (ds-*-io-done),
 * by job type (read, write, flush) and client id.
 */
crucible_upstairs*:::ds-*-io-start
{
    start[arg0, arg1] = timestamp;
}

crucible_upstairs*:::ds-*-io-done
/start[arg0, arg1]/
{
    strtok(probename, "-");
    this->cmd = strtok(NULL, "-");
    @time[strjoin(this->cmd, " for downstairs client"), arg1] =
        quantize(timestamp - start[arg0, arg1]);
    start[arg0, arg1] = 0;
}
