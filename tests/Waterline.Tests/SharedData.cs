namespace Waterline.Tests;

/// <summary>The project's reference data: ../shared/data beside the clone (the repository root holds Waterline.slnx).
/// Missing data fails the test with a clear message; it is never a silent skip.</summary>
public static class SharedData
{
    public static string Folder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Waterline.slnx")))
        {
            directory = directory.Parent;
        }
        Assert.True(directory is not null, "Waterline.slnx not found above " + AppContext.BaseDirectory);
        var shared = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "data"));
        Assert.True(Directory.Exists(shared), $"Shared data not found at {shared}: clone ../shared beside the repository.");
        return shared;
    }
}
