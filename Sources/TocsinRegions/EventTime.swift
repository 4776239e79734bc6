import Foundation

/// Event times as whole milliseconds since 1970, the engine's only clock.
///
/// Working in integers keeps comparisons exact and the RFC 3339 text stable: a `Date` is a
/// `Double` of seconds since 2001, and formatting one through Foundation truncates rather than
/// rounds, so `.123` can come back as `.122`.
enum EventTime {
    /// Milliseconds since 1970, rounded to the nearest.
    static func millis(_ date: Date) -> Int64 {
        let ms = (date.timeIntervalSince1970 * 1000).rounded()
        guard ms.isFinite, abs(ms) < 9.0e15 else { return ms < 0 ? -9_000_000_000_000_000 : 9_000_000_000_000_000 }
        return Int64(ms)
    }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// A duration in seconds as whole milliseconds.
    static func millis(seconds: TimeInterval) -> Int64 {
        let ms = (seconds * 1000).rounded()
        guard ms.isFinite else { return ms < 0 ? Int64.min / 4 : Int64.max / 4 }
        return Int64(max(min(ms, 1.0e15), -1.0e15))
    }

    /// RFC 3339 in UTC: `2025-05-07T09:00:00Z`, with `.123` before the `Z` when there are milliseconds.
    static func rfc3339(_ millis: Int64) -> String {
        let (seconds, ms) = millis.quotientAndRemainder(dividingBy: 1000)
        let secs = ms < 0 ? seconds - 1 : seconds
        let frac = ms < 0 ? ms + 1000 : ms
        let (days, secOfDay) = secs.quotientAndRemainder(dividingBy: 86_400)
        let day = secOfDay < 0 ? days - 1 : days
        let sod = secOfDay < 0 ? secOfDay + 86_400 : secOfDay
        let (y, m, d) = civil(fromDays: day)
        var text = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T"
        text += pad(sod / 3600, 2) + ":" + pad(sod % 3600 / 60, 2) + ":" + pad(sod % 60, 2)
        if frac != 0 { text += "." + pad(frac, 3) }
        return text + "Z"
    }

    /// Parses RFC 3339 / ISO 8601 with or without fractional seconds, any offset.
    static func parse(_ text: String) -> Date? {
        try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Year, month, day of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
