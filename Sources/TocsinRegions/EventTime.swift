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

    /// Appends `rfc3339(millis)`'s UTF-8 without building strings; years outside 0...9999, which
    /// `rfc3339` pads oddly, go through it.
    static func appendRFC3339(_ millis: Int64, to out: inout [UInt8]) {
        let (days, sod, frac) = split(millis)
        let (y, m, d) = civil(fromDays: days)
        guard (0...9999).contains(y) else { out.append(contentsOf: rfc3339(millis).utf8); return }
        out.append(digits: y, width: 4); out.append(UInt8(ascii: "-"))
        out.append(digits: m, width: 2); out.append(UInt8(ascii: "-"))
        out.append(digits: d, width: 2); out.append(UInt8(ascii: "T"))
        out.append(digits: sod / 3600, width: 2); out.append(UInt8(ascii: ":"))
        out.append(digits: sod % 3600 / 60, width: 2); out.append(UInt8(ascii: ":"))
        out.append(digits: sod % 60, width: 2)
        if frac != 0 { out.append(UInt8(ascii: ".")); out.append(digits: frac, width: 3) }
        out.append(UInt8(ascii: "Z"))
    }

    /// Days since 1970, second of the day and millisecond of the second, floored.
    private static func split(_ millis: Int64) -> (days: Int64, secondOfDay: Int64, millis: Int64) {
        let (seconds, ms) = millis.quotientAndRemainder(dividingBy: 1000)
        let secs = ms < 0 ? seconds - 1 : seconds
        let frac = ms < 0 ? ms + 1000 : ms
        let (days, secOfDay) = secs.quotientAndRemainder(dividingBy: 86_400)
        return (secOfDay < 0 ? days - 1 : days, secOfDay < 0 ? secOfDay + 86_400 : secOfDay, frac)
    }

    /// Parses the form `rfc3339` writes for years 1970...9999 (`2025-05-07T09:00:00Z`, or with
    /// `.123` before the `Z`) into milliseconds, without Foundation's date parser; nil for any
    /// other text, including ones `parse` accepts: the caller falls back to it.
    static func parseCanonical(_ p: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard p.count == 20 || p.count == 24, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              p[10] == UInt8(ascii: "T"), p[13] == UInt8(ascii: ":"), p[16] == UInt8(ascii: ":"),
              p[p.count - 1] == UInt8(ascii: "Z") else { return nil }
        func number(_ at: Int, _ width: Int) -> Int64? {
            var value: Int64 = 0
            for k in at..<(at + width) {
                let digit = p[k] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2), let hh = number(11, 2),
              let mm = number(14, 2), let ss = number(17, 2),
              y >= 1970, (1...12).contains(m), d >= 1, d <= daysIn(month: m, year: y), hh < 24, mm < 60, ss < 60
        else { return nil }
        var frac: Int64 = 0
        if p.count == 24 {
            guard p[19] == UInt8(ascii: "."), let f = number(20, 3) else { return nil }
            frac = f
        }
        let seconds = days(fromCivil: y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss
        return seconds * 1000 + frac
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses RFC 3339 / ISO 8601 with or without fractional seconds, any offset.
    static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
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
