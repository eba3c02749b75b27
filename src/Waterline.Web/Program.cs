using Waterline.Storage;
using Waterline.Web;
using Waterline.Web.Access;
using Waterline.Web.Components;

var builder = WebApplication.CreateBuilder(args);

var database = DatabaseSettings.From(builder.Configuration,
    DatabaseSettings.DefaultSqlitePath(builder.Environment.ContentRootPath, builder.Configuration["Database:SqlitePath"]));
builder.Services.AddWaterlineData(database);
builder.Services.AddWaterlineWeb(builder.Configuration);
builder.Services.AddRazorComponents();

var app = builder.Build();

await app.InitialiseDatabaseAsync();

app.UseWaterlineErrors();
app.UseStaticFiles();
// After static files (stylesheets and scripts need no sign-in), before antiforgery (the framework's required order).
app.UseAuthentication();
app.UseAuthorization();
app.UseWaterlineReader();
app.UseAntiforgery();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapWaterlineApis();
app.MapRazorComponents<App>();

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
