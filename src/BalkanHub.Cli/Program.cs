// The balkanhub command line. Commands are in Commands/; each prints a clear one-line error and exits
// non-zero on failure, never a stack trace.
return await BalkanHub.Cli.CliApp.RunAsync(args);
