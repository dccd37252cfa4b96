namespace BalkanHub.IntegrationTests;

/// <summary>
/// An <c>Idempotency-Key</c> header that is sent but empty is a mistake, not "no key": the retry it was
/// meant to make safe would post the report twice. Over a real socket (the in-process test server drops
/// an empty header before the service sees it).
/// </summary>
[TestFixture]
public sealed class When_a_client_sends_an_empty_idempotency_key() : NetworkFixture("GR")
{
    [Test]
    public async Task Should_answer_400_naming_it_and_store_nothing()
    {
        var day = new DateOnly(2015, 10, 30);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/reports") { Content = JsonContent.Create(Samples.GreekReport(day)) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", "");
        using var response = await Network.Http("GR").SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key), Does.Contain("Idempotency-Key"));
        var stored = (await Network.Http("GR").GetFromJsonAsync<JsonObject>($"api/reports?from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}"))!["items"]!.AsArray();
        Assert.That(stored, Is.Empty);
    }
}
