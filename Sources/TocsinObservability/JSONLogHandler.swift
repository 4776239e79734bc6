import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line (for log shippers): `timestamp` (RFC 3339,
/// UTC), `level`, `label`, `message`, `source`, then each metadata key (nested values flattened with dots).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable ([UInt8]) -> Void

    /// Fields the handler writes itself; metadata under these names is kept as `metadata.<name>`.
    static let reservedKeys: Set<String> = ["timestamp", "level", "label", "message", "source", "error"]

    /// - Parameter write: receives each line, newline included.
    public init(label: String, write: @escaping @Sendable ([UInt8]) -> Void) {
        self.label = label
        self.write = write
    }

    /// Writes to stderr, a whole line per `write(2)` so concurrent lines do not interleave.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            line.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(STDERR_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        var object: [String: Any] = [:]
        for (key, value) in merged { Self.flatten(value, into: &object, key: Self.reservedKeys.contains(key) ? "metadata.\(key)" : key) }
        object["timestamp"] = Self.timestamp(Date())
        object["level"] = event.level.rawValue
        object["label"] = label
        object["message"] = event.message.description
        object["source"] = event.source
        if let error = event.error { object["error"] = "\(error)" }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        line.append(UInt8(ascii: "\n"))
        write(Array(line))
    }

    private static func flatten(_ value: Logger.Metadata.Value, into object: inout [String: Any], key: String) {
        switch value {
        case .string(let text): object[key] = text
        case .stringConvertible(let convertible): object[key] = convertible.description
        case .array(let values): object[key] = values.map(\.description)
        case .dictionary(let nested): for (name, inner) in nested { flatten(inner, into: &object, key: "\(key).\(name)") }
        }
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2025-05-08T09:00:00.123Z`.
    static func timestamp(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis % 1000), 3))Z"
    }
}

/// How the daemon's logs are written to stderr.
public enum LogOutput {
    /// Makes every logger write to stderr at `level`, as text (swift-log's default lines) or JSON lines.
    public static func bootstrap(level: Logger.Level, json: Bool) {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = json ? JSONLogHandler.standardError(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
