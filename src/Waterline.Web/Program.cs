using Waterline.Storage;
using Waterline.Web;
using Waterline.Web.Components;

var builder = WebApplication.CreateBuilder(args);

var database = DatabaseSettings.From(builder.Configuration,
    DatabaseSettings.DefaultSqlitePath(builder.Environment.ContentRootPath, builder.Configuration["Database:SqlitePath"]));
builder.Services.AddWaterlineData(database);
builder.Services.AddWaterlineWeb();
builder.Services.AddRazorComponents();

var app = builder.Build();

await app.InitialiseDatabaseAsync();

app.UseWaterlineErrors();
app.UseStaticFiles();
app.UseAntiforgery();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapWaterlineApis();
app.MapRazorComponents<App>();

await app.RunAsync();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
