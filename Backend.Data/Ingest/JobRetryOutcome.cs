namespace Backend.Data.Ingest;

/// <summary>A manual retry: the job is queued again, or it is not in a state that can be retried, or it does not exist.</summary>
public sealed record JobRetryOutcome(JobRetryStatus Status, JobRow? Job);

public enum JobRetryStatus
{
    Queued,
    NotRetryable,
    NotFound,
}
