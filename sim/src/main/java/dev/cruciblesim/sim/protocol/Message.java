package dev.cruciblesim.sim.protocol;

/**
 * Everything that crosses the link between the upstairs and one downstairs.
 *
 * <p>{@link ToDownstairs} messages travel from the upstairs to a downstairs, {@link ToUpstairs}
 * messages back. The in-process transport hands these objects over as they are; a wire transport
 * encodes them. IO messages carry the job id that Crucible's {@code ds-*} probes report.
 */
public sealed interface Message permits Message.ToDownstairs, Message.ToUpstairs {

    /** A message sent by the upstairs to a downstairs. */
    sealed interface ToDownstairs extends Message
            permits HereIAm, PromoteToActive, RegionInfoPlease, ExtentVersionsPlease, LastFlush, Ruok,
            ExtentFlush, ExtentClose, ExtentRepair, ExtentReopen, JobRequest {
    }

    /** A message sent by a downstairs to the upstairs. */
    sealed interface ToUpstairs extends Message
            permits YesItsMe, VersionMismatch, YouAreNowActive, YouAreNoLongerActive, UuidMismatch, RegionInfo,
            ExtentVersions, LastFlushAck, Imok, RepairAckId, ExtentError, ErrorReport, ReadResponse, WriteAck,
            FlushAck {
    }

    /** A message that belongs to one IO job. */
    sealed interface JobMessage permits JobRequest, JobReply {
        long jobId();

        IoOp op();
    }

    /** An IO job sent to a downstairs, with the earlier jobs it must wait for. */
    sealed interface JobRequest extends ToDownstairs, JobMessage permits ReadRequest, WriteRequest, FlushRequest {
        DependencyRange dependencies();

        /** @return the first job of {@link #dependencies()}, read without making a range where the request keeps none */
        default long firstDependencyJobId() {
            return dependencies().firstJobId();
        }

        /** @return the last job of {@link #dependencies()}; below the first when the range is empty */
        default long lastDependencyJobId() {
            return dependencies().lastJobId();
        }
    }

    /** A reply to an IO job; {@code error} is null on success. */
    sealed interface JobReply extends JobMessage permits ReadResponse, WriteAck, FlushAck {
        String error();

        default boolean isOk() {
            return error() == null;
        }
    }
}
