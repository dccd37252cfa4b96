using ExcelDataReader;

namespace BalkanHub.Aggregator.Tests;

/// <summary>
/// Reads an XLSX workbook with ExcelDataReader, a library other than the one the aggregator writes with,
/// so a test sees what a spreadsheet program would: sheet names, and each cell as a number, a date or text.
/// </summary>
static class Workbook
{
    public static Dictionary<string, List<object?[]>> Read(byte[] xlsx)
    {
        // ExcelDataReader asks for the Windows code pages even for XLSX; .NET carries them, registered on request.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        using var stream = new MemoryStream(xlsx);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        var sheets = new Dictionary<string, List<object?[]>>();
        do
        {
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var cells = new object?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                    cells[i] = reader.GetValue(i);
                rows.Add(cells);
            }
            sheets.Add(reader.Name, rows);
        }
        while (reader.NextResult());
        return sheets;
    }
}
