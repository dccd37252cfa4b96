using BalkanHub.RehearsalIdentity;

// A rehearsal's identity provider: OpenID Connect (authorization code with PKCE) for the route's
// participants and roles, so the hub's services run as in production (Auth:Authority) and anyone can
// sign in. See docs/deployment.md.
var builder = WebApplication.CreateBuilder(args);

builder.AddRehearsalIdentity();

var app = builder.Build();

await app.MapRehearsalIdentityAsync();

await app.RunAsync();
