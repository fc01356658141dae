/*
 * tracegw.d: counts IOs into and out of crucible from the guest; the counts print
 * when the run ends (^C).
 */
#pragma D option quiet

crucible_upstairs*:::gw-read-start
{
    @read_start = count();
}

crucible_upstairs*:::gw-read-done
{
    @read_end = count();
}

crucible_upstairs*:::gw-write-start
{
    @write_start = count();
}

crucible_upstairs*:::gw-write-done
{
    @write_end = count();
}

crucible_upstairs*:::gw-flush-start
{
    @flush_start = count();
}

crucible_upstairs*:::gw-flush-done
{
    @flush_end = count();
}

END
{
    printa(" read_start:%@d    read_end:%@d\n", @read_start, @read_end);
    printa("write_start:%@d   write_end:%@d\n", @write_start, @write_end);
    printa("flush_start:%@d   flush_end:%@d\n", @flush_start, @flush_end);
}
