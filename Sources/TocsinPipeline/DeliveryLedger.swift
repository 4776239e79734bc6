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

    func remove(_ token: UInt64) -> Entry? {
        lock.withLock { entries.removeValue(forKey: token) }
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
