using BalkanHub.Aggregator;
using BalkanHub.Aggregator.Admin;
using BalkanHub.Aggregator.Assistance;
using BalkanHub.Aggregator.Audit;
using BalkanHub.Aggregator.Commitments;
using BalkanHub.Aggregator.Dashboard;
using BalkanHub.Aggregator.Compliance;
using BalkanHub.Aggregator.Measures;
using BalkanHub.Aggregator.Feed;
using BalkanHub.Aggregator.FeedLinks;
using BalkanHub.Aggregator.Export;
using BalkanHub.Aggregator.Picture;
using BalkanHub.Aggregator.Reports;
using BalkanHub.Aggregator.Subscriptions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHubNetwork();
builder.AddAggregator();

var app = builder.Build();

await app.Services.InitializeDatabaseAsync<AggregatorDb>("Aggregator");
await app.Services.SeedSubscriptionsAsync();

app.UseHubPipeline(audit: pipeline => pipeline.UseHttpAudit());

app.MapDefaultEndpoints();
app.MapSignIn();
app.MapCaller();
app.MapFeedApi();
app.MapReportsApi();
app.MapItemsApi();
app.MapAuditApi();
app.MapDeadLettersApi();
app.MapParkedOutboxApi(AggregatorPolicies.Operator);
app.MapComplianceApi();
app.MapMeasuresApi();
app.MapPictureApi();
app.MapTrendsApi();
app.MapExportApi();
app.MapMeasureFeeds();
app.MapFeedLinks();
app.MapSubscriptionsApi();
app.MapAssistanceApi();
app.MapCommitmentsApi();
app.MapDashboard();
app.MapHub<FeedHub>("/hubs/feed").RequireAuthorization(AggregatorPolicies.Participant);

await app.RunAsync();
