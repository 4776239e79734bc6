import Testing
import TocsinKafka

@testable import TocsinPipeline

@Suite("Offset tracker")
struct OffsetTrackerTests {
    let p0 = TopicPartition(topic: "news", partition: 0)
    let p1 = TopicPartition(topic: "news", partition: 1)

    func tracker(assigned: [TopicPartition], epoch: UInt64 = 1) -> OffsetTracker {
        let tracker = OffsetTracker()
        tracker.apply(.assigned(assigned, epoch: epoch))
        return tracker
    }

    @Test func commitsOnlyTheDonePrefix() {
        let tracker = tracker(assigned: [p0])
        for offset in 10...14 { #expect(tracker.begin(p0, offset: Int64(offset), epoch: 1)) }
        // Out of order: 12 and 13 finish first; nothing may be committed past 10.
        #expect(tracker.complete(p0, offset: 12, epoch: 1) == nil)
        #expect(tracker.complete(p0, offset: 13, epoch: 1) == nil)
        #expect(tracker.complete(p0, offset: 10, epoch: 1) == 11)
        #expect(tracker.complete(p0, offset: 11, epoch: 1) == 14)
        #expect(tracker.complete(p0, offset: 14, epoch: 1) == 15)
    }

    @Test func batchCompletionReportsTheHighestDonePrefixPerPartition() {
        let tracker = tracker(assigned: [p0, p1])
        for offset: Int64 in 0...3 {
            #expect(tracker.begin(p0, offset: offset, epoch: 1))
            #expect(tracker.begin(p1, offset: offset, epoch: 1))
        }
        let done = [(p0, 1), (p0, 0), (p0, 3), (p1, 2), (p1, 0)].map { SourcePosition(partition: $0.0, offset: Int64($0.1), epoch: 1) }
        // p0: 0 and 1 done (3 waits for 2); p1: only 0 done.
        #expect(tracker.complete(done) == [p0: 2, p1: 1])
        #expect(tracker.complete([SourcePosition(partition: p0, offset: 2, epoch: 1)]) == [p0: 4])
    }

    @Test func offsetGapsAreAllowed() {
        let tracker = tracker(assigned: [p0])
        for offset: Int64 in [3, 7, 8] { #expect(tracker.begin(p0, offset: offset, epoch: 1)) }
        #expect(tracker.complete(p0, offset: 7, epoch: 1) == nil)
        #expect(tracker.complete(p0, offset: 3, epoch: 1) == 8)
    }

    @Test func partitionsAreIndependent() {
        let tracker = tracker(assigned: [p0, p1])
        #expect(tracker.begin(p0, offset: 0, epoch: 1))
        #expect(tracker.begin(p1, offset: 0, epoch: 1))
        #expect(tracker.complete(p1, offset: 0, epoch: 1) == 1)
        #expect(tracker.complete(p0, offset: 0, epoch: 1) == 1)
    }

    @Test func workFromARevokedPartitionIsRejected() {
        let tracker = tracker(assigned: [p0])
        #expect(tracker.begin(p0, offset: 0, epoch: 1))
        tracker.apply(.revoked([p0], epoch: 2))
        #expect(!tracker.begin(p0, offset: 1, epoch: 1))
        #expect(tracker.complete(p0, offset: 0, epoch: 1) == nil)
    }

    @Test func messagesFetchedBeforeAReassignmentAreStale() {
        let tracker = tracker(assigned: [p0])
        tracker.apply(.revoked([p0], epoch: 2))
        tracker.apply(.assigned([p0], epoch: 3))
        #expect(!tracker.begin(p0, offset: 5, epoch: 1))
        #expect(tracker.begin(p0, offset: 5, epoch: 3))
        #expect(tracker.complete(p0, offset: 5, epoch: 3) == 6)
    }

    @Test func unassignedPartitionsAreRejected() {
        let tracker = OffsetTracker()
        #expect(!tracker.begin(p0, offset: 0, epoch: 9))
    }

    @Test func longRunsStayCorrectAcrossCompaction() {
        let tracker = tracker(assigned: [p0])
        var committed: Int64 = 0
        for offset in 0..<5000 {
            #expect(tracker.begin(p0, offset: Int64(offset), epoch: 1))
            if let next = tracker.complete(p0, offset: Int64(offset), epoch: 1) { committed = next }
        }
        #expect(committed == 5000)
        #expect(tracker.pendingCount == 0)
    }
}
