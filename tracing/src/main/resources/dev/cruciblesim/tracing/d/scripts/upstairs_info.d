/*
 * upstairs_info.d: on every status tick, the three downstairs states and the
 * upstairs and downstairs active job counts.
 */
#pragma D option quiet

crucible_upstairs*:::up-status
{
    printf("%s Upstairs:%4s Downstairs:%4s\n",
        json(copyinstr(arg1), "ok.ds_state"),
        json(copyinstr(arg1), "ok.up_count"),
        json(copyinstr(arg1), "ok.ds_count"));
}
