import Foundation
import TocsinKafka

/// Where a consumed message came from, with the assignment epoch it was fetched under.
public struct SourcePosition: Sendable, Hashable {
    public var partition: TopicPartition
    public var offset: Int64
    public var epoch: UInt64
}

/// Messages handed to the producer and not yet delivered, so a failed delivery can be retried
/// and a source message is finished only once everything it produced (an alert, a region signal,
/// a dead letter) has been delivered.
final class DeliveryLedger: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    struct Entry: Sendable {
        var record: ProducerRecord
        var source: SourcePosition
        var attempts: Int
    }

    /// What a batch of delivery reports settled.
    struct Settlement {
        /// Sources whose every produced message is now delivered.
        var finished: [SourcePosition] = []
        /// Failed deliveries, kept in the ledger under their token with `attempts` increased.
        var failed: [(token: UInt64, entry: Entry, error: KafkaError)] = []
    }

    private let lock = NSLock()
    private var entries: [UInt64: Entry] = [:]
    private var outstanding: [SourcePosition: Int] = [:]
    private var nextToken: UInt64 = 1

    /// Adds records under consecutive tokens (one lock for all); returns the first token.
    func add(_ records: [(record: ProducerRecord, source: SourcePosition)]) -> UInt64 {
        lock.withLock {
            let first = nextToken
            for (record, source) in records {
                entries[nextToken] = Entry(record: record, source: source, attempts: 1)
                outstanding[source, default: 0] += 1
                nextToken += 1
            }
            return first
        }
    }

    /// Removes entries that were never handed to the producer (so no report will come for them).
    func cancel(_ tokens: some Sequence<UInt64>) {
        lock.withLock {
            for token in tokens {
                guard let entry = entries.removeValue(forKey: token) else { continue }
                release(entry.source)
            }
        }
    }

    /// Applies one poll's delivery reports under one lock.
    func settle(_ reports: [DeliveryReport]) -> Settlement {
        lock.withLock {
            var settlement = Settlement()
            for report in reports {
                if let error = report.error {
                    guard var entry = entries[report.token] else { continue }
                    entry.attempts += 1
                    entries[report.token] = entry
                    settlement.failed.append((report.token, entry, error))
                } else if let entry = entries.removeValue(forKey: report.token), release(entry.source) {
                    settlement.finished.append(entry.source)
                }
            }
            return settlement
        }
    }

    /// Messages not yet delivered.
    var count: Int { lock.withLock { entries.count } }

    /// Returns true when this was the source's last outstanding message. Call with `lock` held.
    @discardableResult
    private func release(_ source: SourcePosition) -> Bool {
        let left = (outstanding[source] ?? 1) - 1
        outstanding[source] = left > 0 ? left : nil
        return left <= 0
    }
}
