using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EgressDsl.Analyzer.Tests;

/// <summary>
/// A minimal Language Server Protocol client over a server's stdin and stdout: JSON-RPC 2.0 messages framed with a
/// <c>Content-Length</c> header, the way an editor talks to a language server. Requests from the server are answered on
/// the reading thread by <see cref="ServerRequestHandler"/> (unknown methods get <c>MethodNotFound</c>), responses
/// complete the matching <see cref="Request"/>, and notifications are queued for <see cref="TryTakeNotification"/>.
/// Everything that crosses the wire is summarised in <see cref="Transcript"/>, for failure messages.
/// </summary>
internal sealed class LspClient : IDisposable
{
    private const int MethodNotFound = -32601;
    private const int InternalError = -32603;
    private const int TranscriptLines = 400;

    private readonly Process _process;
    private readonly Stream _toServer;
    private readonly object _writeLock = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly BlockingCollection<JsonElement> _notifications = new();
    private readonly ConcurrentQueue<string> _transcript = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly ServerRequestHandler _handler;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _nextId;

    /// <summary>Answers a request from the server: <c>Handled</c> false sends <c>MethodNotFound</c>.</summary>
    public delegate (bool Handled, JsonNode? Result) ServerRequestHandler(string method, JsonElement parameters);

    private LspClient(Process process, ServerRequestHandler handler)
    {
        _process = process;
        _handler = handler;
        _toServer = process.StandardInput.BaseStream;
        var reader = new Thread(ReadLoop) { IsBackground = true, Name = "LSP reader" };
        reader.Start();
    }

    public static LspClient Start(ProcessStartInfo start, ServerRequestHandler handler)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + start.FileName);
        var client = new LspClient(process, handler);
        process.ErrorDataReceived += (sender, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            client._stderr.Enqueue(e.Data);
            while (client._stderr.Count > TranscriptLines && client._stderr.TryDequeue(out _))
            {
            }
        };
        process.BeginErrorReadLine();
        return client;
    }

    public Process Process => _process;

    /// <summary>The last messages in both directions and the server's last stderr lines.</summary>
    public string Transcript =>
        "--- LSP messages (last " + TranscriptLines + ") ---\n" + string.Join("\n", _transcript)
        + "\n--- server stderr (last " + TranscriptLines + " lines) ---\n" + string.Join("\n", _stderr);

    public Task<JsonElement> Request(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        Send(message, "--> request " + id + " " + method);
        return completion.Task;
    }

    public void Notify(string method, JsonNode? parameters)
    {
        var message = new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }

        Send(message, "--> notification " + method);
    }

    /// <summary>The next notification from the server; false on timeout, or when the server has closed its output.</summary>
    public bool TryTakeNotification(TimeSpan timeout, out JsonElement notification)
    {
        try
        {
            return _notifications.TryTake(out notification, timeout);
        }
        catch (InvalidOperationException)
        {
            notification = default;
            return false;
        }
    }

    public bool ServerClosedOutput => _notifications.IsAddingCompleted;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private void Send(JsonObject message, string summary)
    {
        var json = message.ToJsonString();
        var body = Encoding.UTF8.GetBytes(json);
        var header = Encoding.ASCII.GetBytes("Content-Length: " + body.Length + "\r\n\r\n");
        Record(summary + " " + Shorten(json));
        lock (_writeLock)
        {
            _toServer.Write(header);
            _toServer.Write(body);
            _toServer.Flush();
        }
    }

    private void ReadLoop()
    {
        var fromServer = new BufferedStream(_process.StandardOutput.BaseStream);
        try
        {
            while (ReadMessage(fromServer) is { } message)
            {
                Dispatch(message);
            }

            Record("<-- end of server output");
        }
        catch (Exception exception)
        {
            // Never let an exception escape this thread: it would take the whole test host down.
            Record("<-- reader stopped: " + exception);
        }
        finally
        {
            _notifications.CompleteAdding();
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new IOException("The language server closed its output before answering."));
            }
        }
    }

    private static JsonElement? ReadMessage(Stream stream)
    {
        int? length = null;
        while (true)
        {
            var line = ReadHeaderLine(stream);
            if (line is null)
            {
                return null;
            }

            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line[(colon + 1)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (length is not { } size)
        {
            throw new FormatException("A message from the language server has no Content-Length header.");
        }

        var body = new byte[size];
        stream.ReadExactly(body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private static string? ReadHeaderLine(Stream stream)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var next = stream.ReadByte();
            if (next < 0)
            {
                return bytes.Count == 0 ? null : throw new IOException("The language server's output ended inside a header.");
            }

            if (next == '\n')
            {
                if (bytes.Count > 0 && bytes[^1] == '\r')
                {
                    bytes.RemoveAt(bytes.Count - 1);
                }

                return Encoding.ASCII.GetString(bytes.ToArray());
            }

            bytes.Add((byte)next);
        }
    }

    private void Dispatch(JsonElement message)
    {
        var hasId = message.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null;
        var parameters = message.TryGetProperty("params", out var p) ? p : default;
        if (message.TryGetProperty("method", out var methodElement))
        {
            var method = methodElement.GetString() ?? "";
            if (hasId)
            {
                AnswerServerRequest(id, method, parameters);
            }
            else
            {
                Record("<-- notification " + method + " " + Shorten(parameters.ValueKind == JsonValueKind.Undefined ? "" : parameters.GetRawText()));
                _notifications.Add(message);
            }

            return;
        }

        if (hasId && id.ValueKind == JsonValueKind.Number && _pending.TryRemove(id.GetInt64(), out var completion))
        {
            if (message.TryGetProperty("error", out var error))
            {
                Record("<-- error " + id.GetRawText() + " " + Shorten(error.GetRawText()));
                completion.TrySetException(new InvalidOperationException("The language server answered with an error: " + error.GetRawText()));
            }
            else
            {
                var result = message.TryGetProperty("result", out var r) ? r : default;
                Record("<-- response " + id.GetRawText() + " " + Shorten(result.ValueKind == JsonValueKind.Undefined ? "" : result.GetRawText()));
                completion.TrySetResult(result);
            }
        }
        else
        {
            Record("<-- unmatched " + Shorten(message.GetRawText()));
        }
    }

    private void AnswerServerRequest(JsonElement id, string method, JsonElement parameters)
    {
        Record("<-- server request " + id.GetRawText() + " " + method + " " + Shorten(parameters.ValueKind == JsonValueKind.Undefined ? "" : parameters.GetRawText()));
        var response = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()) };
        try
        {
            var (handled, result) = _handler(method, parameters);
            if (handled)
            {
                response["result"] = result;
            }
            else
            {
                response["error"] = new JsonObject { ["code"] = MethodNotFound, ["message"] = "The test client does not handle " + method };
            }
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            response["error"] = new JsonObject { ["code"] = InternalError, ["message"] = "The test client could not answer " + method + ": " + exception.Message };
        }

        Send(response, "--> response " + id.GetRawText() + " " + method);
    }

    private void Record(string line)
    {
        _transcript.Enqueue($"[{_clock.Elapsed.TotalSeconds,7:F2}s] {line}");
        while (_transcript.Count > TranscriptLines && _transcript.TryDequeue(out _))
        {
        }
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
