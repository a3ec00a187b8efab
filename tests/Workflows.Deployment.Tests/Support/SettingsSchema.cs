using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MicrosoftOptions = Microsoft.Extensions.Options.Options;

namespace Workflows.Deployment.Tests.Support;

/// <summary>One options class of the "Workflows" settings tree, found by its section-name constant.</summary>
internal sealed record OptionsSection(Type Type, string Section)
{
    public IEnumerable<PropertyInfo> Settings =>
        Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && SettingsSchema.IsScalar(p.PropertyType));
}

/// <summary>
/// The settings the code reads, discovered by reflection over the options classes of the given assemblies: every type
/// with a public <c>Section</c> or <c>SectionName</c> constant under "Workflows", its public settable scalar properties,
/// and its validation (DataAnnotations, <see cref="IValidatableObject"/>, and every <see cref="IValidateOptions{TOptions}"/>
/// implementation in those assemblies) — the same checks the hosts run at start.
/// </summary>
internal sealed class SettingsSchema
{
    private const string Root = "Workflows";
    private readonly IReadOnlyList<Assembly> assemblies;

    public SettingsSchema(params string[] assemblyNames)
    {
        assemblies = [.. assemblyNames.Select(n => Assembly.Load(new AssemblyName(n)))];
        Sections = [.. assemblies.SelectMany(LoadableTypes).Select(ToSection).OfType<OptionsSection>().OrderBy(s => s.Section, StringComparer.Ordinal)];
    }

    /// <summary>The Functions app: shared infrastructure, host defaults and the orchestrations (its own project composes these).</summary>
    public static SettingsSchema FunctionsApp { get; } = new("Workflows.Infrastructure", "Workflows.Hosting", "Workflows.Orchestration");

    /// <summary>The GPU worker: infrastructure, host defaults and the job runtime.</summary>
    public static SettingsSchema Worker { get; } = new("Workflows.Infrastructure", "Workflows.Hosting", "Workflows.Jobs");

    /// <summary>The standalone host: infrastructure, host defaults, the orchestrations, DurableTask.Core wiring and its HTTP API and watcher.</summary>
    public static SettingsSchema StandaloneHost { get; } = new("Workflows.Infrastructure", "Workflows.Hosting", "Workflows.Orchestration", "Workflows.DurableCore", "Workflows.Host");

    public static SettingsSchema All { get; } = new("Workflows.Infrastructure", "Workflows.Hosting", "Workflows.Orchestration", "Workflows.Jobs", "Workflows.DurableCore", "Workflows.Host");

    public IReadOnlyList<OptionsSection> Sections { get; }

    /// <summary>Every setting as an environment-variable name (<c>Workflows__Section__Key</c>).</summary>
    public IReadOnlySet<string> EnvironmentKeys =>
        Sections.SelectMany(s => s.Settings.Select(p => ToEnvironmentKey($"{s.Section}:{p.Name}"))).ToHashSet(StringComparer.Ordinal);

    public static string ToEnvironmentKey(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    public static bool IsWorkflowsKey(string key) => key.StartsWith(Root + "__", StringComparison.Ordinal);

    internal static bool IsScalar(Type type)
    {
        Type t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(Uri) || t == typeof(TimeSpan) || t == typeof(decimal);
    }

    /// <summary>The declared type of a setting, or null when no options class declares it.</summary>
    public Type? TypeOf(string environmentKey) =>
        Sections.SelectMany(s => s.Settings.Select(p => (Key: ToEnvironmentKey($"{s.Section}:{p.Name}"), p.PropertyType)))
            .Where(x => x.Key == environmentKey).Select(x => x.PropertyType).FirstOrDefault();

    /// <summary>
    /// Binds the settings (environment-variable names) to every options class and runs its validation; returns every
    /// failure, prefixed with the options type.
    /// </summary>
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string?> environment)
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        var bound = new Dictionary<Type, object>();
        var failures = new List<string>();
        foreach (OptionsSection section in Sections)
        {
            object options = Activator.CreateInstance(section.Type)!;
            try
            {
                configuration.GetSection(section.Section).Bind(options);
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"{section.Type.Name}: {e.Message}");
                continue;
            }

            bound[section.Type] = options;
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{section.Type.Name}: {r.ErrorMessage}"));
            }
        }

        foreach (Type validatorType in assemblies.SelectMany(LoadableTypes).Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (Type validated in validatorType.GetInterfaces()
                         .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidateOptions<>))
                         .Select(i => i.GetGenericArguments()[0])
                         .Where(bound.ContainsKey))
            {
                object validator = Construct(validatorType, bound);
                var result = (ValidateOptionsResult)typeof(IValidateOptions<>).MakeGenericType(validated)
                    .GetMethod(nameof(IValidateOptions<object>.Validate))!
                    .Invoke(validator, [MicrosoftOptions.DefaultName, bound[validated]])!;
                if (result.Failed)
                {
                    failures.AddRange(result.Failures.Select(f => $"{validatorType.Name}: {f}"));
                }
            }
        }

        return failures;
    }

    // Validators may take the other sections as IOptions<T> (e.g. the retry budget is checked against the queue).
    private static object Construct(Type validatorType, IReadOnlyDictionary<Type, object> bound)
    {
        ConstructorInfo constructor = validatorType.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance).Single();
        object?[] arguments = [.. constructor.GetParameters().Select(p =>
        {
            Type t = p.ParameterType;
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IOptions<>) && bound.TryGetValue(t.GetGenericArguments()[0], out object? value))
            {
                return typeof(MicrosoftOptions).GetMethod(nameof(MicrosoftOptions.Create))!.MakeGenericMethod(t.GetGenericArguments()[0]).Invoke(null, [value]);
            }

            throw new InvalidOperationException($"{validatorType.Name} needs a {t.Name}; teach SettingsSchema how to supply it");
        })];
        return constructor.Invoke(arguments);
    }

    private static OptionsSection? ToSection(Type type)
    {
        FieldInfo? field = type.GetField("Section", BindingFlags.Public | BindingFlags.Static)
            ?? type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static);
        return field is { IsLiteral: true } && field.GetRawConstantValue() is string section
            && section.StartsWith(Root + ":", StringComparison.Ordinal) && type is { IsClass: true, IsAbstract: false }
            && type.GetConstructor(Type.EmptyTypes) is not null
            ? new OptionsSection(type, section)
            : null;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }
}
