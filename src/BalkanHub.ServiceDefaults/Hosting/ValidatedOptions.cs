using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BalkanHub.ServiceDefaults.Hosting;

/// <summary>Options every service binds the same way: from their section, checked before the service takes traffic.</summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and validates its data annotations
    /// (and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) at start: a wrong setting stops
    /// the service with the key named, instead of failing on first use.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IHostApplicationBuilder builder, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
    }

    /// <summary>
    /// Reads a section the service needs while it registers its services, before any options exist, and
    /// checks it as <see cref="AddValidatedOptions{TOptions}"/> does: a wrong setting stops the start.
    /// </summary>
    public static TOptions ReadValidated<TOptions>(this IHostApplicationBuilder builder, string section)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        Check(options);
        return options;
    }

    /// <summary>Validates data annotations and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>, throwing on the first error.</summary>
    public static void Check(object options) =>
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(options, new System.ComponentModel.DataAnnotations.ValidationContext(options), validateAllProperties: true);
}
