using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace BalkanHub.ServiceDefaults.Http;

/// <summary>
/// Turns a request that could not be read (malformed JSON, a wrong type, an unknown field, a body that
/// is too large or too deep) into RFC 9457 problem details naming the field, like every other 400.
/// Other exceptions fall through to the default handler, which answers 500 without details.
/// </summary>
sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var json = bad.InnerException as JsonException ?? bad.InnerException?.InnerException as JsonException;
        if (json is not null)
            errors[FieldOf(json.Path)] = [Describe(json)];
        else
            errors["body"] = [bad.Message];

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new HttpValidationProblemDetails(errors)
            {
                Status = bad.StatusCode,
                Title = "The request could not be read.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            },
        });
    }

    static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "body";
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    static string Describe(JsonException json)
    {
        // The serializer's own messages name .NET types; callers need to know what to fix instead.
        var message = json.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
            return "is not a known field.";
        if (message.Contains("maximum configured depth", StringComparison.Ordinal))
            return "is nested too deeply.";
        if (json.Path is null || json.Path == "$")
            return "is not valid JSON.";
        return "has the wrong type or format.";
    }
}
