import Foundation
import TocsinKafka

/// Where a consumed message came from, with the assignment epoch it was fetched under.
public struct SourcePosition: Sendable, Hashable {
    public var partition: TopicPartition
    public var offset: Int64
    public var epoch: UInt64
}

/// Messages handed to the producer and not yet delivered, so a failed delivery can be retried
/// and a delivered one can release its source offset.
final class DeliveryLedger: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    struct Entry: Sendable {
        var record: ProducerRecord
        var source: SourcePosition
        var attempts: Int
    }

    private let lock = NSLock()
    private var entries: [UInt64: Entry] = [:]
    private var nextToken: UInt64 = 1

    func add(_ record: ProducerRecord, source: SourcePosition) -> UInt64 {
        lock.withLock {
            let token = nextToken
            nextToken += 1
            entries[token] = Entry(record: record, source: source, attempts: 1)
            return token
        }
    }

    /// Adds records under consecutive tokens (one lock for all); returns the first token.
    func add(_ records: [(record: ProducerRecord, source: SourcePosition)]) -> UInt64 {
        lock.withLock {
            let first = nextToken
            for (record, source) in records {
                entries[nextToken] = Entry(record: record, source: source, attempts: 1)
                nextToken += 1
            }
            return first
        }
    }

    func remove(_ token: UInt64) -> Entry? {
        lock.withLock { entries.removeValue(forKey: token) }
    }

    /// Removes many entries under one lock; nil where a token is unknown.
    func remove(_ tokens: some Sequence<UInt64>) -> [Entry?] {
        lock.withLock { tokens.map { entries.removeValue(forKey: $0) } }
    }

    /// Puts an entry back for another attempt under the same token.
    func retry(_ token: UInt64, _ entry: Entry) -> Entry {
        lock.withLock {
            var again = entry
            again.attempts += 1
            entries[token] = again
            return again
        }
    }

    var count: Int { lock.withLock { entries.count } }
}
