import Foundation

/// When to tick a region engine (`RegionEngine.advance(to:)`): once per `seconds` of event time,
/// decided per signal. A tick walks every region, so it comes once per step rather than after
/// every signal; it uses event time, never the wall clock, so every replay of the same signals in
/// the same order makes the same calls (the region stage's determinism across owners).
public struct EventTimeTicks: Sendable {
    /// The step between ticks.
    public static let seconds: TimeInterval = 60

    /// The latest tick, a multiple of `seconds`; nil before the first.
    public private(set) var last: Date?

    public init() {}

    /// The tick a signal at `time` calls for (the start of its step), or nil when that step or a
    /// later one was already ticked.
    public mutating func tick(for time: Date) -> Date? {
        let tick = Date(timeIntervalSince1970: (time.timeIntervalSince1970 / Self.seconds).rounded(.down) * Self.seconds)
        guard last.map({ tick > $0 }) ?? true else { return nil }
        last = tick
        return tick
    }
}
