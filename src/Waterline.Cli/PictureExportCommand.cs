using System.CommandLine;
using System.Text;
using Waterline.Picture;

namespace Waterline.Cli;

/// <summary>waterline picture-export --query "market=cocaine&amp;measure=quantity_kg" [--output file.csv]: the market
/// picture's table as CSV, for the same query string as the dashboard (paste it from the address bar).</summary>
internal static class PictureExportCommand
{
    public static Command Create()
    {
        var query = new Option<string>("--query")
        {
            Description = "The dashboard's query string, e.g. \"market=cocaine&measure=quantity_kg&group=period,country\"; empty = everything.",
            DefaultValueFactory = _ => "",
        };
        var output = new Option<FileInfo?>("--output") { Description = "CSV file to write; default: standard output." };
        var command = new Command("picture-export", "Export the market picture's table as CSV (same rows and order as the dashboard).")
        {
            query,
            output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var parsed = PictureQuery.Parse(parse.GetValue(query) ?? "");
            if (!parsed.IsValid)
            {
                await Console.Error.WriteLineAsync($"--query: {parsed.Field}: {parsed.Reason}");
                return 2;
            }
            await using var db = await CliDatabase.OpenAsync(parse, ct);
            var file = parse.GetValue(output);
            await using var writer = file is null
                ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false))
                : new StreamWriter(file.FullName, false, new UTF8Encoding(false));
            var result = await new ExportMarketPicture.Handler(db).HandleAsync(new ExportMarketPicture.Request(parsed.Request!), writer, ct);
            if (file is not null)
            {
                Console.WriteLine($"{result.Rows} rows ({result.ValueColumn}) written to {file.FullName}.");
            }
            return 0;
        });
        return command;
    }
}
