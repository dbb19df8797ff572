using Backend.Api.Features.Audit;
using Backend.Api.Features.Auth.Passwords;
using Backend.Api.Http;
using Backend.Api.Http.Security;
using Backend.Data.Auth;
using FastEndpoints;

namespace Backend.Api.Features.Auth.Register;

/// <summary>Creates an account with role user; 409 when the email is taken (in any letter case).</summary>
internal sealed class RegisterEndpoint(UserRepository users, PasswordHasher hasher, PasswordPolicy policy, AuditLog audit, TimeProvider time)
    : Endpoint<RegisterRequest, Envelope<UserResponse>>
{
    public override void Configure()
    {
        Post("/register");
        Group<AuthGroup>();
        AllowAnonymous();
        Options(b => b.RequireRateLimiting(RateLimitPolicies.Auth));
        Description(b => b.Produces<Envelope<UserResponse>>(201)
            .ProducesProblemDetails(400, Problems.ContentType).ProducesProblemDetails(409, Problems.ContentType).ProducesProblemDetails(429, Problems.ContentType));
        Summary(s =>
        {
            s.Summary = "Register an account";
            s.Description = "Creates a user with role 'user'. Password: 12–128 characters (PASSWORD_MIN_LENGTH), not a common password, not the email.";
            s.ExampleRequest = new RegisterRequest { Email = "ada@example.com", Password = "correct horse battery staple", FirstName = "Ada", LastName = "Lovelace" };
        });
    }

    public override async Task HandleAsync(RegisterRequest req, CancellationToken ct)
    {
        var email = EmailAddress.Normalize(req.Email);
        if (policy.Check(req.Password, email) is { } reason)
        {
            await Problems.WriteAsync(HttpContext, AuthProblems.PasswordRejected(HttpContext, "password", reason));
            return;
        }

        var now = time.GetUtcNow();
        var user = new NewUser(Guid.CreateVersion7(), email, EmailAddress.Canonical(email)!, await hasher.HashAsync(req.Password, ct), req.FirstName.Trim(), req.LastName.Trim(), Http.Security.Roles.User, now);
        if (!await users.CreateAsync(user, ct))
        {
            await Problems.WriteAsync(HttpContext, Problems.Create(HttpContext, 409, "An account with this email already exists.", "email-taken", "Email already registered"));
            return;
        }

        await audit.WriteAsync(HttpContext, AuditActions.Register, AuditActions.Success, user.Id, user.Id, null, ct);
        var row = await users.FindByIdAsync(user.Id, ct) ?? throw new InvalidOperationException("The new user vanished.");
        HttpContext.Response.Headers.Location = $"/{ApiRoutes.Prefix}/auth/me";
        await Send.ResponseAsync(Envelope.Of(HttpContext, UserResponse.From(row)), 201, ct);
    }
}
