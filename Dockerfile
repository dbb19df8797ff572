# syntax=docker/dockerfile:1
# Backend image: restore and publish with the SDK, run on the ASP.NET Core runtime as a non-root user.
# scripts/image-steps.sh performs the same steps without Docker (used by the test suite).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first from the project files only, so the package layer is reused until a dependency changes.
COPY Directory.Build.props Directory.Packages.props global.json ./
COPY Backend.Api/Backend.Api.csproj Backend.Api/
COPY Backend.Data/Backend.Data.csproj Backend.Data/
RUN dotnet restore Backend.Api/Backend.Api.csproj

COPY .editorconfig ./
COPY sql/ sql/
COPY Backend.Data/ Backend.Data/
COPY Backend.Api/ Backend.Api/
# The sql/ migrations land in the publish output (Backend.Data.csproj copies them to sql/ beside the binary).
RUN dotnet publish Backend.Api/Backend.Api.csproj -c Release -o /app/publish --no-restore -p:UseAppHost=false \
    && test -n "$(ls /app/publish/sql/*.sql)"

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build --chown=root:root /app/publish ./

# PORT is the service's own setting; the base image's ASPNETCORE_HTTP_PORTS is cleared because Kestrel
# binds PORT explicitly. Outside Development DATABASE_URL and JWT_SECRET must come from the environment.
ENV PORT=8000 \
    ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_NOLOGO=1
EXPOSE 8000

# The non-root user of the aspnet image (uid 1654); the app files stay owned by root, read-only to it.
USER app

# The binary's healthcheck mode asks http://127.0.0.1:$PORT/health/ready, so no curl in the image.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["dotnet", "Backend.Api.dll", "healthcheck"]

ENTRYPOINT ["dotnet", "Backend.Api.dll"]
