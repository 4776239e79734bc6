import Foundation
import TocsinKafka

/// Decides which offsets may be committed: per partition, only the prefix of messages whose work
/// is all done, whatever order the work finishes in.
public final class OffsetTracker: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    /// A class, so a lookup mutates it in place (no copy-on-write of its arrays per message).
    private final class PartitionLog {
        let epoch: UInt64
        var offsets: [Int64] = []
        var done: [Bool] = []
        var head = 0

        init(epoch: UInt64) { self.epoch = epoch }

        func begin(_ offset: Int64) -> Bool {
            if let last = offsets.last, offset <= last { return false }
            offsets.append(offset)
            done.append(false)
            return true
        }

        /// Marks one offset done; returns the next offset to commit when the done prefix grew.
        func complete(_ offset: Int64) -> Int64? {
            guard let index = index(of: offset) else { return nil }
            done[index] = true
            let before = head
            while head < done.count && done[head] { head += 1 }
            guard head > before else { return nil }
            let next = offsets[head - 1] + 1
            compact()
            return next
        }

        /// Drops the finished prefix once it is large, so memory follows what is in flight.
        private func compact() {
            guard head > 1024, head * 2 > offsets.count else { return }
            offsets.removeFirst(head)
            done.removeFirst(head)
            head = 0
        }

        private func index(of offset: Int64) -> Int? {
            var low = head
            var high = offsets.count
            while low < high {
                let mid = (low + high) / 2
                if offsets[mid] < offset { low = mid + 1 } else { high = mid }
            }
            return low < offsets.count && offsets[low] == offset ? low : nil
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
        lock.withLock { Self.begin(partitions[partition], offset: offset, epoch: epoch) }
    }

    /// Registers a batch in consumption order (one lock for all); returns the messages to work on.
    public func begin(_ batch: [ConsumedMessage]) -> [ConsumedMessage] {
        lock.withLock {
            batch.filter { message in
                let log = partitions[TopicPartition(topic: message.topic, partition: message.partition)]
                return Self.begin(log, offset: message.offset, epoch: message.assignmentEpoch)
            }
        }
    }

    /// Marks a message's work as done. Returns the next offset to commit when the done prefix grew.
    public func complete(_ partition: TopicPartition, offset: Int64, epoch: UInt64) -> Int64? {
        lock.withLock {
            guard let log = partitions[partition], epoch >= log.epoch else { return nil }
            return log.complete(offset)
        }
    }

    /// Marks many messages done under one lock; returns, per partition whose done prefix grew,
    /// the next offset to commit.
    public func complete(_ sources: [SourcePosition]) -> [TopicPartition: Int64] {
        lock.withLock {
            var next: [TopicPartition: Int64] = [:]
            for source in sources {
                guard let log = partitions[source.partition], source.epoch >= log.epoch,
                      let offset = log.complete(source.offset) else { continue }
                next[source.partition] = max(next[source.partition] ?? offset, offset)
            }
            return next
        }
    }

    private static func begin(_ log: PartitionLog?, offset: Int64, epoch: UInt64) -> Bool {
        guard let log, epoch >= log.epoch else { return false }
        return log.begin(offset)
    }

    /// Messages registered and not yet done, over all partitions.
    public var pendingCount: Int {
        lock.withLock { partitions.values.reduce(0) { $0 + $1.done[$1.head...].lazy.filter { !$0 }.count } }
    }
}
