using System.Text;
using Dapper;

namespace Backend.Data.Postgres;

/// <summary>The WHERE clause of a listing: a base condition plus the optional filters the caller asked for, with their parameters.</summary>
internal sealed class SqlFilters(string baseCondition)
{
    private readonly StringBuilder _where = new(baseCondition);

    public DynamicParameters Parameters { get; } = new();

    /// <summary>Adds <paramref name="clause"/>, with <c>@<paramref name="name"/></c> bound to <paramref name="value"/>, unless the value is null.</summary>
    public void AddIf(object? value, string clause, string name)
    {
        if (value is null)
        {
            return;
        }

        _where.Append(" AND ").Append(clause);
        Parameters.Add(name, value);
    }

    public override string ToString() => _where.ToString();
}
