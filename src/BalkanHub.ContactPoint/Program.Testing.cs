// WebApplicationFactory<Program> needs a public Program type to find this assembly's entry point; top-level
// statements make it internal otherwise.
#pragma warning disable CA1515
public partial class Program;
#pragma warning restore CA1515
