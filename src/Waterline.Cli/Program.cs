using System.CommandLine;
using Waterline.Cli;
using Waterline.Cli.Audit;
using Waterline.Cli.Access;
using Waterline.Cli.Bench;
using Waterline.Cli.DemoWorld;
using Waterline.Cli.Displacement;
using Waterline.Cli.Estimation;
using Waterline.Cli.Intake;
using Waterline.Cli.Linkage;
using Waterline.Cli.Networks;

var root = new RootCommand("waterline: import, export, analyse and benchmark the Waterline drug-market platform.");
root.Options.Add(CliDatabase.ConnectionOption);
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(PictureExportCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(AccountsCommand.Create());
root.Subcommands.Add(LinkCommand.Create());
root.Subcommands.Add(NetworkCommand.Create());
root.Subcommands.Add(EstimateCommand.Create());
root.Subcommands.Add(DisplacementCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());

return await root.Parse(args).InvokeAsync();
