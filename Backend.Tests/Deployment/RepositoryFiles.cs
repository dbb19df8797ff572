namespace Backend.Tests.Deployment;

/// <summary>Files of the checkout under test, found from the test binary by walking up to Backend.sln.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts)
    {
        var path = PathOf(parts);
        File.Exists(path).ShouldBeTrue($"{path} is missing");
        return File.ReadAllText(path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Backend.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Backend.sln above {AppContext.BaseDirectory}");
    }
}
