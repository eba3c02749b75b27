using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Waterline.Audit;
using Waterline.Linkage;
using Waterline.Observations;
using Waterline.Storage;
using Waterline.Tests.Access;

namespace Waterline.Tests.Linkage;

/// <summary>The linkage API through the real host: policies, problem details naming the field, the purpose rule.</summary>
public sealed class LinkageApiTests
{
    private static async Task<long> SeedPairAsync(TestHost host)
    {
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem();
        var ids = new List<long>();
        foreach (var (org, name) in new[] { ("BE-FEDPOL", "Nadia Azzouzi"), ("BE-CUSTOMS", "AZZOUZI, Nadia") })
        {
            var seizure = new Seizure
            {
                ExternalId = $"api-{org}", SourceOrganisation = org, Country = "BE", RegionCode = "10000", Market = Market.Cocaine,
                Echelon = Echelon.ImportTransit, OccurredAt = new DateTime(2025, 1, 5, 0, 0, 0, DateTimeKind.Utc),
                RecordedAt = new DateTime(2025, 1, 6, 0, 0, 0, DateTimeKind.Utc), Tlp = Tlp.Amber, Handling = HandlingCode.H1, ReleasableTo = ["BE-LAW-ENFORCEMENT"],
            };
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                var writer = ObservationWriter.Begin(db);
                await writer.WriteAsync([seizure], CancellationToken.None);
                await writer.CompleteAsync(CancellationToken.None);
                await tx.CommitAsync();
            }
            var observation = db.Observations.Single(o => o.ExternalId == seizure.ExternalId).Id;
            ids.AddRange((await new RecordSubjects.Handler(db).HandleAsync(new RecordSubjects.Request(observation,
                [new RecordSubjects.NewSubject(SubjectKind.Person, SubjectRole.Suspect, name, new DateOnly(1993, 10, 4))]), CancellationToken.None))!);
        }
        await new FindLinkCandidates.Handler(db, TimeProvider.System).HandleAsync(new FindLinkCandidates.Request(), CancellationToken.None);
        return db.Set<LinkCandidate>().Single().Id;
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("field", out var f) ? f.GetString() : null;

    [Fact]
    public async Task The_queue_refuses_bad_filters_and_personal_kinds_without_purpose_and_two_people_confirm_over_http()
    {
        await using var host = await TestHost.StartAsync();
        var candidate = await SeedPairAsync(host);
        using var analyst = host.Factory.CreateClient();
        await analyst.SignInAsync("analyst.be-fedpol");

        using (var bad = await analyst.GetAsync(new Uri("/api/linkage/candidates?kind=spaceship", UriKind.Relative)))
        {
            Assert.Equal((HttpStatusCode.BadRequest, "kind"), (bad.StatusCode, await FieldAsync(bad)));
        }
        using (var refused = await analyst.GetAsync(new Uri("/api/linkage/candidates?kind=person", UriKind.Relative)))
        {
            Assert.Equal((HttpStatusCode.Forbidden, "purpose"), (refused.StatusCode, await FieldAsync(refused)));
        }
        var queue = await analyst.GetFromJsonAsync<JsonElement>("/api/linkage/candidates?kind=person&purpose=case%20BE-2026-041");
        var row = Assert.Single(queue.GetProperty("rows").EnumerateArray().ToList());
        Assert.Equal(("Person", true), (row.GetProperty("kind").GetString(), row.GetProperty("needsSecondPerson").GetBoolean()));
        Assert.True(row.GetProperty("explanation").GetProperty("fields").GetArrayLength() == 3);

        using (var first = await analyst.PostAsync(new Uri($"/api/linkage/candidates/{candidate}/confirm?purpose=case%20BE-2026-041", UriKind.Relative), null))
        {
            Assert.Equal("AwaitingSecondConfirmation", (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        }
        using (var again = await analyst.PostAsync(new Uri($"/api/linkage/candidates/{candidate}/confirm?purpose=case%20BE-2026-041", UriKind.Relative), null))
        {
            Assert.Equal((HttpStatusCode.Conflict, "decision"), (again.StatusCode, await FieldAsync(again)));
        }
        using var dutch = host.Factory.CreateClient();
        await dutch.SignInAsync("analyst.nl-politie", purpose: "zaak 26NL0042");
        using (var hidden = await dutch.PostAsync(new Uri($"/api/linkage/candidates/{candidate}/confirm", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }
        using var customs = host.Factory.CreateClient();
        await customs.SignInAsync("analyst.be-customs", purpose: "case BE-2026-041");
        using (var second = await customs.PostAsync(new Uri($"/api/linkage/candidates/{candidate}/confirm", UriKind.Relative), null))
        {
            var result = await second.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Confirmed", result.GetProperty("outcome").GetString());
            var entity = await customs.GetFromJsonAsync<JsonElement>($"/api/linkage/entities/{result.GetProperty("entityId").GetInt64()}");
            Assert.Equal(2, entity.GetProperty("records").GetArrayLength());
            Assert.Equal("analyst.be-customs", entity.GetProperty("links")[0].GetProperty("confirmedBy").GetString());
        }
        using var reporter = host.Factory.CreateClient();
        await reporter.SignInAsync("reporter.be-grid");
        using (var forbidden = await reporter.GetAsync(new Uri("/api/linkage/candidates", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }
        using var scope = host.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<WaterlineDbContext>().ActAsSystem();
        Assert.Equal(2, db.Set<AuditEntry>().Count(e => e.Action == AuditAction.Combination));
    }
}
