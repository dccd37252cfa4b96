using System.Net.Sockets;
using BalkanHub.Client;

namespace BalkanHub.IntegrationTests;

/// <summary>
/// A national IT team's client subscribes to North Macedonia's alerts with <see cref="BalkanHubClient"/>.
/// MK's contact point dies (kill -9) and comes back while Greece keeps reporting: MK takes in what was
/// relayed meanwhile and pushes it to nobody, yet the subscription hands the client every item once, in order.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
public sealed class When_a_client_loses_its_connection() : NetworkFixture("GR", "MK")
{
    static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    readonly Lock _gate = new();
    readonly List<Delivery> _delivered = [];
    sealed record Delivery(long Sequence, string ItemKey, DateTimeOffset ReceivedAt, DateTimeOffset DeliveredAt);
    [Test]
    public async Task Should_receive_every_item_relayed_while_it_was_away_once_and_in_order()
    {
        var mk = Network.ContactPoints["MK"];
        var first = new DateOnly(2015, 10, 16);
        var before = Enumerable.Range(0, 2).Select(first.AddDays).ToList();
        var during = Enumerable.Range(2, 5).Select(first.AddDays).ToList();
        var after = first.AddDays(7);
        var expected = before.Concat(during).Append(after).Select(d => Network.ReportKey("GR", d)).ToList();
        var relayedWhileAway = expected.Skip(before.Count).Take(during.Count).ToList();

        // The client reaches MK through a door the test can shut, so that it is provably still away
        // when the restarted MK takes in the relays and pushes them: only catching up can bring them.
        await using var door = new Door(mk.Port);
        using var client = BalkanHubClient.Create(door.Address, Network.Key.Token("MK", "viewer"));
        await using var subscription = await client.SubscribeAsync(0, item =>
        {
            lock (_gate)
                _delivered.Add(new Delivery(item.Sequence, item.ItemKey, item.ReceivedAt, DateTimeOffset.UtcNow));
            return Task.CompletedTask;
        });

        foreach (var day in before)
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        await WaitUntilDeliveredAsync(expected[before.Count - 1]);
        Assert.That(Delivered().Select(d => d.ItemKey), Is.EqualTo(expected.Take(before.Count)), "the reports before the outage arrive live");

        // kill -9: the hub connection drops with no goodbye. GR still accepts its reports; the aggregator
        // relays them (they reach the Commission's feed) and the broker keeps MK's copies in MK's queue.
        door.IsOpen = false;
        mk.Kill();
        foreach (var day in during)
            await Network.SubmitReportAsync("GR", Samples.GreekReport(day));
        foreach (var key in relayedWhileAway)
            await Network.WaitForFeedItemAsync(key);
        Assert.That(Delivered(), Has.Count.EqualTo(before.Count), "nothing can reach the client while MK is down");

        mk.Start();
        await mk.WaitUntilReadyAsync();
        await Eventually.True(async () =>
        {
            var inbox = (await Network.InboxAsync("MK")).Select(i => (string?)i["itemKey"]).ToList();
            return relayedWhileAway.All(inbox.Contains);
        }, "the restarted MK to take in what was relayed while it was down", Generous);
        Assert.That(subscription.Reconnects, Is.Zero, "the client is still away: MK pushed those items to nobody");
        Assert.That(Delivered(), Has.Count.EqualTo(before.Count), "nothing reached the client while it was away");
        Assert.That(door.TurnedAway, Is.GreaterThan(0), "the client kept trying to reconnect");

        // Back in: what was missed arrives on reconnecting, without waiting for some later push to reveal
        // the gap; then the live pushes resume.
        door.IsOpen = true;
        await WaitUntilDeliveredAsync(relayedWhileAway[^1]);
        Assert.That(subscription.Reconnects, Is.GreaterThan(0), "the subscription noticed the drop and connected again");
        await Network.SubmitReportAsync("GR", Samples.GreekReport(after));
        await WaitUntilDeliveredAsync(expected[^1]);

        var delivered = Delivered();
        foreach (var d in delivered)
        {
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{d.Sequence} {d.ItemKey}: stored by MK {d.ReceivedAt:HH:mm:ss.fff}, delivered {d.DeliveredAt:HH:mm:ss.fff}"));
        }
        Assert.That(delivered.Select(d => d.Sequence), Is.EqualTo(Enumerable.Range(1, expected.Count).Select(n => (long)n)),
            "sequences 1..N, no gap and no repeat");
        Assert.That(delivered.Select(d => d.ItemKey), Is.EqualTo(expected), "every report, before, during and after the outage, once, in submission order");
        Assert.That(subscription.LastSequence, Is.EqualTo(expected.Count));
        var mkInbox = await Network.InboxAsync("MK");
        Assert.That(mkInbox.Select(i => (string?)i["itemKey"]), Is.EqualTo(expected), "the client saw exactly what MK's inbox holds");
    }

    List<Delivery> Delivered()
    {
        lock (_gate)
            return [.. _delivered];
    }

    Task WaitUntilDeliveredAsync(string itemKey) =>
        Eventually.True(() => Task.FromResult(Delivered().Any(d => d.ItemKey == itemKey)),
            $"the subscription to deliver {itemKey}", Generous);

    /// <summary>
    /// A TCP forwarder to a local port. While shut it turns new connections away at once; connections
    /// already through end when either side ends.
    /// </summary>
    sealed class Door : IAsyncDisposable
    {
        readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        readonly CancellationTokenSource _stop = new();
        readonly int _target;
        readonly Task _accepting;
        volatile bool _open = true;
        int _turnedAway;

        public Door(int targetPort)
        {
            _target = targetPort;
            _listener.Start();
            _accepting = AcceptAsync();
        }

        public Uri Address => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/"));

        public bool IsOpen
        {
            get => _open;
            set => _open = value;
        }

        /// <summary>Connections turned away while shut.</summary>
        public int TurnedAway => Volatile.Read(ref _turnedAway);

        async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient incoming;
                try
                {
                    incoming = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }
                if (_open)
                {
                    _ = ForwardAsync(incoming);
                }
                else
                {
                    Interlocked.Increment(ref _turnedAway);
                    incoming.Dispose();
                }
            }
        }

        async Task ForwardAsync(TcpClient incoming)
        {
            using (incoming)
            using (var outgoing = new TcpClient())
            {
                try
                {
                    await outgoing.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                    var toTarget = incoming.GetStream().CopyToAsync(outgoing.GetStream(), _stop.Token);
                    var toClient = outgoing.GetStream().CopyToAsync(incoming.GetStream(), _stop.Token);
                    await Task.WhenAny(toTarget, toClient);
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // One side went away: closing both tells the other.
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting;
            _stop.Dispose();
        }
    }
}
