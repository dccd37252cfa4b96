using BalkanHub.Aggregator;
using BalkanHub.Aggregator.Data;
using BalkanHub.Aggregator.Feed;
using BalkanHub.Aggregator.Reports;
using BalkanHub.ServiceDefaults.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAggregator();

var app = builder.Build();

await app.Services.InitializeDatabaseAsync<AggregatorDb>();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapFeedApi();
app.MapReportsApi();
app.MapHub<FeedHub>("/hubs/feed");

await app.RunAsync();
