using BalkanHub.ContactPoint;
using BalkanHub.ContactPoint.Assistance;
using BalkanHub.ContactPoint.Audit;
using BalkanHub.ContactPoint.Console;
using BalkanHub.ContactPoint.Inbox;
using BalkanHub.ContactPoint.Measures;
using BalkanHub.ContactPoint.Notifications;
using BalkanHub.ContactPoint.Reports;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHubNetwork();
builder.AddContactPoint();

var app = builder.Build();

await app.Services.InitializeDatabaseAsync<ContactPointDb>("ContactPoint");

app.UseHubPipeline(audit: pipeline => pipeline.UseHttpAudit());

app.MapDefaultEndpoints();
app.MapSignIn();
app.MapCaller();
app.MapReportsApi();
app.MapMeasuresApi();
app.MapAssistanceApi();
app.MapInboxApi();
app.MapNotificationsApi();
app.MapDraftChecks();
app.MapParkedOutboxApi(ContactPointPolicies.Operator);
app.MapHub<AlertsHub>("/hubs/alerts").RequireAuthorization(ContactPointPolicies.Reader);

await app.RunAsync();
