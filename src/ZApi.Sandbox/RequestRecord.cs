namespace ZApi.Sandbox;

/// <summary>
/// One request to a Z-API route, for tests that count what reached the server. <see cref="StatusCode"/> is 0 when no
/// answer went out: the client went away first (<see cref="Aborted"/>) or the sandbox dropped the connection on purpose.
/// </summary>
/// <param name="BytesReceived">The body bytes the sandbox had read when it answered or the client went away.</param>
public sealed record RequestRecord(
    string InstanceId,
    string Method,
    string Action,
    int StatusCode,
    DateTimeOffset At,
    bool Aborted = false,
    long BytesReceived = 0,
    double DurationMs = 0);
