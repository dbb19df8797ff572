using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("Backend.Tests.Infrastructure.Contract.ContractTestFramework", "Backend.Tests")]

namespace Backend.Tests.Infrastructure.Contract;

/// <summary>
/// xunit's own framework, plus one step when every test has run: the OpenAPI contract coverage summary, written to
/// <see cref="OpenApiContractCheck.SummaryFile"/> and reported as a diagnostic message (shown by <c>dotnet test</c>,
/// see xunit.runner.json).
/// </summary>
public sealed class ContractTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new SummaryRunner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class SummaryRunner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task<RunSummary> RunTestCollectionsAsync(IMessageBus messageBus, CancellationTokenSource cancellationTokenSource)
        {
            var summary = await base.RunTestCollectionsAsync(messageBus, cancellationTokenSource);
            if (OpenApiContractCheck.Document is { } check)
            {
                var text = check.Summary();
                await File.WriteAllTextAsync(OpenApiContractCheck.SummaryFile, text);
                DiagnosticMessageSink.OnMessage(new DiagnosticMessage(text));
            }

            return summary;
        }
    }
}
