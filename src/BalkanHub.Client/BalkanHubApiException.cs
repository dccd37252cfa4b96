namespace BalkanHub.Client;

/// <summary>
/// An answer other than success, with the problem details the service gave: for a <c>400</c>, each bad
/// field and what is wrong with it.
/// </summary>
public sealed class BalkanHubApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BalkanHubApiException(int status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors)
        : base(Describe(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public BalkanHubApiException() : this(0, "Unknown problem", null, new Dictionary<string, string[]>())
    {
    }

    /// <summary>Creates the exception.</summary>
    public BalkanHubApiException(string message) : base(message)
    {
        Title = message;
        Errors = new Dictionary<string, string[]>();
    }

    /// <summary>Creates the exception.</summary>
    public BalkanHubApiException(string message, Exception innerException) : base(message, innerException)
    {
        Title = message;
        Errors = new Dictionary<string, string[]>();
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The problem's title.</summary>
    public string Title { get; }

    /// <summary>The problem's detail.</summary>
    public string? Detail { get; }

    /// <summary>Bad fields and what is wrong with each (for a <c>400</c>).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    static string Describe(int status, string title, string? detail, IReadOnlyDictionary<string, string[]> errors) =>
        $"{status} {title}" + (detail is null ? "" : $": {detail}")
        + (errors.Count == 0 ? "" : " " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
}
