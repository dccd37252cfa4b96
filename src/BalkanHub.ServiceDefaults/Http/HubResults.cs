using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BalkanHub.ServiceDefaults.Http;

/// <summary>Problem answers the endpoints share.</summary>
public static class HubResults
{
    /// <summary>403 with the reason: the caller is signed in but may not do this.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Not allowed");
}
