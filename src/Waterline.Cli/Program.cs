using System.CommandLine;
using Waterline.Cli;
using Waterline.Cli.Intake;

var root = new RootCommand("waterline: import, export, analyse and benchmark the Waterline drug-market platform.");
root.Options.Add(CliDatabase.ConnectionOption);
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(ImportCommand.Create());

return await root.Parse(args).InvokeAsync();
