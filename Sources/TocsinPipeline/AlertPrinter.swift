import Foundation
import TocsinRegions
import TocsinRules

/// Writes alerts to stdout, one line each, one write per batch.
public struct AlertPrinter: Sendable {
    public var format: StdoutFormat
    public var formatter: AlertFormatter

    public init(format: StdoutFormat, colour: Bool) {
        self.format = format
        formatter = AlertFormatter(colour: colour, showTime: false)
    }

    /// The line for one alert, or nil when stdout output is off.
    public func line(for record: AssessmentRecord, json: [UInt8]) -> String? {
        switch format {
        case .text: formatter.line(record)
        case .json: String(decoding: json, as: UTF8.self)
        case .none: nil
        }
    }

    public func write(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        let data = Data((lines.joined(separator: "\n") + "\n").utf8)
        // Two stages may print at once (role `all`): one batch's lines stay together.
        Self.lock.withLock { FileHandle.standardOutput.write(data) }
    }

    private static let lock = NSLock()
}

extension AlertPrinter {
    /// The line for one region alert, or nil when stdout output is off.
    public func line(for alert: RegionAlert, json: [UInt8]) -> String? {
        switch format {
        case .text: formatter.line(alert)
        case .json: String(decoding: json, as: UTF8.self)
        case .none: nil
        }
    }
}
