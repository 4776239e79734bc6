import Foundation
import TocsinKafka

/// Decides which offsets may be committed: per partition, only the prefix of messages whose work
/// is all done, whatever order the work finishes in.
public final class OffsetTracker: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private struct PartitionLog {
        var epoch: UInt64
        var offsets: [Int64] = []
        var done: [Bool] = []
        var head = 0

        /// Drops the finished prefix once it is large, so memory follows what is in flight.
        mutating func compact() {
            guard head > 1024, head * 2 > offsets.count else { return }
            offsets.removeFirst(head)
            done.removeFirst(head)
            head = 0
        }
    }

    private let lock = NSLock()
    private var partitions: [TopicPartition: PartitionLog] = [:]

    public init() {}

    /// Starts tracking newly assigned partitions and forgets revoked ones.
    public func apply(_ event: RebalanceEvent) {
        lock.withLock {
            switch event {
            case .assigned(let assigned, let epoch):
                for partition in assigned { partitions[partition] = PartitionLog(epoch: epoch) }
            case .revoked(let revoked, _):
                for partition in revoked { partitions[partition] = nil }
            }
        }
    }

    /// Registers a consumed message. Returns false when its partition was revoked or reassigned
    /// since it was fetched: its work must be skipped, the partition's owner reads it again.
    public func begin(_ partition: TopicPartition, offset: Int64, epoch: UInt64) -> Bool {
        lock.withLock {
            guard var log = partitions[partition], epoch >= log.epoch else { return false }
            if let last = log.offsets.last, offset <= last { return false }
            partitions[partition] = nil  // avoid a copy-on-write of the arrays
            log.offsets.append(offset)
            log.done.append(false)
            partitions[partition] = log
            return true
        }
    }

    /// Marks a message's work as done. Returns the next offset to commit when the done prefix grew.
    public func complete(_ partition: TopicPartition, offset: Int64, epoch: UInt64) -> Int64? {
        lock.withLock {
            guard var log = partitions[partition], epoch >= log.epoch else { return nil }
            partitions[partition] = nil
            defer { partitions[partition] = log }
            guard let index = Self.index(of: offset, in: log.offsets, from: log.head) else { return nil }
            log.done[index] = true
            let before = log.head
            while log.head < log.done.count && log.done[log.head] { log.head += 1 }
            guard log.head > before else { return nil }
            let next = log.offsets[log.head - 1] + 1
            log.compact()
            return next
        }
    }

    /// Messages registered and not yet done, over all partitions.
    public var pendingCount: Int {
        lock.withLock { partitions.values.reduce(0) { $0 + $1.done[$1.head...].lazy.filter { !$0 }.count } }
    }

    private static func index(of offset: Int64, in offsets: [Int64], from start: Int) -> Int? {
        var low = start
        var high = offsets.count
        while low < high {
            let mid = (low + high) / 2
            if offsets[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low < offsets.count && offsets[low] == offset ? low : nil
    }
}
