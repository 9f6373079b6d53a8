using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace McpAnalyzers.Runtime.Audit;

/// <summary>Options of <see cref="JsonLinesAuditSink"/>.</summary>
public sealed class JsonLinesAuditSinkOptions
{
    /// <summary>The folder of the audit files (created when missing).</summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>File names start with this. Default <c>audit</c>: <c>audit-20261129-000.jsonl</c>.</summary>
    public string FilePrefix { get; set; } = "audit";

    /// <summary>A new file is started past this size, and at every UTC day. Default 64 MiB.</summary>
    public long MaxFileBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Records waiting to be written at most; writers wait when it is full (nothing is dropped). Default 10,000.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Records written per fsync at most. Default 512.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>The chain key (HMAC-SHA256); set by the audit filter from its hash key when left null.</summary>
    public byte[]? ChainKey { get; set; }
}

/// <summary>
/// A durable audit trail: one JSON object per line, appended by one writer in batches, each batch flushed to the
/// disk (fsync) before its records are acknowledged, so a record the filter waited for survives a crash or a
/// SIGKILL. Files rotate by size and UTC day. Every line carries a sequence number, the previous line's MAC and
/// its own MAC (HMAC-SHA256 with the chain key), so <see cref="AuditLogVerifier"/> detects an edited, inserted,
/// reordered or deleted line.
/// </summary>
public sealed class JsonLinesAuditSink : IAuditSink, IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonLinesAuditSinkOptions _options;
    private readonly Channel<(AuditRecord Record, TaskCompletionSource Done)> _queue;
    private readonly object _startLock = new();
    private Task? _writer;
    private FileStream? _file;
    private string? _fileDay;
    private int _fileIndex;
    private long _sequence;
    private string _previousMac = string.Empty;
    private Exception? _fault;

    /// <summary>Creates the sink; the writer starts with the first record.</summary>
    public JsonLinesAuditSink(JsonLinesAuditSinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new ArgumentException("Set the audit directory (JsonLinesAuditSinkOptions.Directory) to a folder on durable storage.", nameof(options));
        }

        _options = options;
        _queue = Channel.CreateBounded<(AuditRecord, TaskCompletionSource)>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The folder of the audit files.</summary>
    public string Directory => _options.Directory;

    internal byte[]? ChainKey
    {
        get => _options.ChainKey;
        set => _options.ChainKey ??= value;
    }

    /// <inheritdoc />
    public async ValueTask WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        EnsureStarted();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _queue.Writer.WriteAsync((record, done), cancellationToken).ConfigureAwait(false);
        await done.Task.ConfigureAwait(false);
    }

    /// <summary>Writes what is queued, flushes it to disk and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.ConfigureAwait(false);
        }
    }

    private void EnsureStarted()
    {
        if (_writer is not null)
        {
            return;
        }

        lock (_startLock)
        {
            if (_writer is null)
            {
                if (_options.ChainKey is not { Length: >= 32 })
                {
                    throw new InvalidOperationException("The audit file needs a chain key of at least 32 bytes (set by WithAuditLog from MCP_AUDIT_KEY).");
                }

                System.IO.Directory.CreateDirectory(_options.Directory);
                ResumeChain();
                _writer = Task.Run(WriteLoopAsync);
            }
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<(AuditRecord Record, TaskCompletionSource Done)>(_options.BatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < _options.BatchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            if (_fault is { } fault)
            {
                Fail(batch, fault);
                continue;
            }

            try
            {
                var lines = new StringBuilder();
                var sequence = _sequence;
                var previous = _previousMac;
                var day = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                foreach (var (record, _) in batch)
                {
                    sequence++;
                    var body = "{\"seq\":" + sequence.ToString(CultureInfo.InvariantCulture) + ",\"prev\":\"" + previous + "\",\"rec\":" + JsonSerializer.Serialize(record, Json);
                    var mac = AuditLogVerifier.Mac(_options.ChainKey!, body + "}");
                    lines.Append(body).Append(",\"mac\":\"").Append(mac).Append("\"}\n");
                    previous = mac;
                }

                var bytes = Encoding.UTF8.GetBytes(lines.ToString());
                var file = FileFor(day, bytes.Length);
                await file.WriteAsync(bytes).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                _sequence = sequence;
                _previousMac = previous;
                foreach (var (_, done) in batch)
                {
                    done.TrySetResult();
                }
            }
            catch (Exception exception)
            {
                // A failed write leaves the file in an unknown state: refuse every later record rather than chain onto it.
                _fault = new IOException("The audit file could not be written; no further records are accepted until the server restarts: " + exception.Message, exception);
                Fail(batch, _fault);
            }
        }

        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void Fail(List<(AuditRecord Record, TaskCompletionSource Done)> batch, Exception exception)
    {
        foreach (var (_, done) in batch)
        {
            done.TrySetException(exception);
        }
    }

    private FileStream FileFor(string day, int adding)
    {
        if (_file is not null && _fileDay == day && _file.Length + adding <= _options.MaxFileBytes)
        {
            return _file;
        }

        if (_file is not null)
        {
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            _fileIndex = _fileDay == day ? _fileIndex + 1 : 0;
        }

        _fileDay = day;
        while (true)
        {
            var path = Path.Combine(_options.Directory, $"{_options.FilePrefix}-{day}-{_fileIndex:D3}.jsonl");
            var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, FileOptions.None);
            if (stream.Length > 0 && stream.Length + adding > _options.MaxFileBytes)
            {
                stream.Dispose();
                _fileIndex++;
                continue;
            }

            _file = stream;
            return stream;
        }
    }

    /// <summary>
    /// Continues the chain after the last complete record of the newest file that holds one (a line torn by a crash is
    /// skipped), in a new file: never append after a line that may be torn.
    /// </summary>
    private void ResumeChain()
    {
        var files = AuditLogVerifier.FilesOf(_options.Directory, _options.FilePrefix);
        if (files.Count == 0)
        {
            return;
        }

        var last = files[^1];
        var name = Path.GetFileNameWithoutExtension(last);
        _fileDay = name.Length >= 12 ? name.Substring(_options.FilePrefix.Length + 1, 8) : null;
        _fileIndex = int.TryParse(name[^3..], NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : 0;
        for (var f = files.Count - 1; f >= 0 && _sequence == 0; f--)
        {
            foreach (var line in File.ReadLines(files[f]))
            {
                if (line.Length > 0 && AuditLogVerifier.TryParse(line, out var sequence, out _, out var mac, out _))
                {
                    _sequence = sequence;
                    _previousMac = mac;
                }
            }
        }

        _fileIndex++;
    }
}

/// <summary>What <see cref="AuditLogVerifier.Verify"/> found.</summary>
/// <param name="IsIntact">True when every record matches its MAC and the chain has no gap.</param>
/// <param name="Records">The records checked.</param>
/// <param name="Problem">What is wrong, for the first broken line.</param>
/// <param name="File">The file of that line.</param>
/// <param name="Line">Its line number.</param>
/// <param name="TornTail">The newest file ends in an incomplete line: the writer stopped mid-write (a crash). That record was never acknowledged.</param>
/// <param name="FirstSequence">The sequence number of the first record present (1 for a complete log; 0 when there is none).</param>
public sealed record AuditVerification(bool IsIntact, long Records, string? Problem, string? File, int Line, bool TornTail = false, long FirstSequence = 0)
{
    /// <summary>
    /// The last record verified, for an intact log: keep it (somewhere the log's writer cannot change) before you
    /// remove old files, and pass it as <c>after</c> to verify what remains.
    /// </summary>
    public AuditCheckpoint? Last { get; init; }
}

/// <summary>A record's place in the chain: its sequence number and MAC.</summary>
/// <param name="Sequence">The record's sequence number.</param>
/// <param name="Mac">The record's MAC (the next record's previous MAC).</param>
public sealed record AuditCheckpoint(long Sequence, string Mac);

/// <summary>Checks the MAC chain of a folder of audit files written by <see cref="JsonLinesAuditSink"/>.</summary>
public static class AuditLogVerifier
{
    /// <summary>
    /// Reads every file in order and checks each line's MAC, its link to the previous line and the sequence numbers,
    /// from an anchored start: the first record present must be sequence 1 with an empty previous MAC (or continue
    /// <paramref name="after"/>, the last record of files removed on purpose). Reports the first line that was edited,
    /// inserted, reordered or follows a deleted one, and a log whose first records or oldest files were deleted
    /// (<see cref="AuditVerification.FirstSequence"/> names the first sequence present). A file may end in a torn line
    /// (a crash mid-write; never acknowledged) when it is the newest file or when the next file continues the chain
    /// from the last complete record, as the sink does when it restarts. Records deleted from the end of the newest
    /// file leave no gap; compare the last sequence with what you expect (metrics, the sequence seen elsewhere).
    /// </summary>
    public static AuditVerification Verify(string directory, byte[] chainKey, string filePrefix = "audit", AuditCheckpoint? after = null)
    {
        ArgumentNullException.ThrowIfNull(chainKey);
        var expectedSequence = after?.Sequence ?? 0;
        var previous = after?.Mac ?? string.Empty;
        long records = 0;
        long firstSequence = 0;
        var tornTail = false;
        var files = FilesOf(directory, filePrefix);
        for (var f = 0; f < files.Count; f++)
        {
            var file = files[f];
            var text = File.ReadAllText(file);
            var lines = text.Split('\n');
            // the last element is what follows the final newline: empty for a complete file, else an unterminated line
            for (var index = 0; index < lines.Length; index++)
            {
                var line = lines[index].TrimEnd('\r');
                var number = index + 1;
                var unterminated = index == lines.Length - 1;
                if (line.Length == 0)
                {
                    continue;
                }

                if (!TryParse(line, out var sequence, out var prev, out var mac, out var body))
                {
                    if (unterminated)
                    {
                        // a torn last line: acceptable in the newest file, and in an older one when the next file
                        // continues the chain from the record before it (checked with that file's first record)
                        tornTail = f == files.Count - 1;
                        continue;
                    }

                    return Broken("the line is not an audit record (torn or edited)", file, number);
                }

                if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(chainKey, body)), Encoding.ASCII.GetBytes(mac)))
                {
                    return Broken("the record does not match its MAC (edited, or a different key)", file, number);
                }

                if (records == 0 && (sequence != expectedSequence + 1 || prev != previous))
                {
                    firstSequence = sequence;
                    return Broken(
                        $"the log starts at sequence {sequence}, not {expectedSequence + 1}: the records before it were deleted (lines at the start of a file, or the oldest files)",
                        file,
                        number);
                }

                if (prev != previous || sequence != expectedSequence + 1)
                {
                    return Broken($"the chain is broken before sequence {sequence} (a record was deleted, inserted or reordered)", file, number);
                }

                if (records == 0)
                {
                    firstSequence = sequence;
                }

                previous = mac;
                expectedSequence = sequence;
                records++;
            }
        }

        return new AuditVerification(true, records, null, null, 0, tornTail, firstSequence) { Last = records == 0 ? after : new AuditCheckpoint(expectedSequence, previous) };

        AuditVerification Broken(string problem, string file, int line) => new(false, records, problem, file, line, false, firstSequence);
    }

    internal static IReadOnlyList<string> FilesOf(string directory, string prefix)
        => System.IO.Directory.Exists(directory)
            ? System.IO.Directory.GetFiles(directory, prefix + "-*.jsonl").OrderBy(f => f, StringComparer.Ordinal).ToList()
            : new List<string>();

    internal static string Mac(byte[] key, string body)
        => Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body))).ToLowerInvariant();

    /// <summary>Splits a line into its sequence, previous MAC, MAC and the body the MAC covers.</summary>
    internal static bool TryParse(string line, out long sequence, out string previous, out string mac, out string body)
    {
        sequence = 0;
        previous = mac = body = string.Empty;
        const string marker = ",\"mac\":\"";
        var at = line.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0 || !line.EndsWith("\"}", StringComparison.Ordinal))
        {
            return false;
        }

        mac = line.Substring(at + marker.Length, line.Length - at - marker.Length - 2);
        body = line[..at] + "}";
        try
        {
            using var document = JsonDocument.Parse(body);
            sequence = document.RootElement.GetProperty("seq").GetInt64();
            previous = document.RootElement.GetProperty("prev").GetString() ?? string.Empty;
            return document.RootElement.TryGetProperty("rec", out _);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
