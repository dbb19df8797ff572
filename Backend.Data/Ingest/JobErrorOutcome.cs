namespace Backend.Data.Ingest;

/// <summary>What an AI error did to its job: a retry was scheduled, the job is dead, it was already handled, or no such job.</summary>
public enum JobErrorOutcome
{
    RetryScheduled,
    Dead,
    Duplicate,
    UnknownJob,
}
