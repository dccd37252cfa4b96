namespace BalkanHub.Client;

/// <summary>The forms of <c>/api/export/daily.*</c>.</summary>
public enum DailyExportFormat
{
    /// <summary>CSV with a row of HXL hashtags after the header (without it on request).</summary>
    Csv,

    /// <summary>JSON: each field's HXL hashtag, then the rows.</summary>
    Json,

    /// <summary>An XLSX workbook: the CSV's rows, and nationality, crossing-point and origin and destination sheets.</summary>
    Xlsx,
}
