extension RegionAlert {
    /// Compact JSON on one line, no trailing newline, keys in the schema's order (as
    /// `AssessmentRecord.jsonLine()` writes them): what goes on stdout and the alerts topic.
    /// Integral numbers print without `.0`; `rules_version` and absent driver fields are omitted.
    public func jsonLine() -> String {
        var w = CompactJSON()
        w.raw(#"{"alert_id":"#); w.string(alertID)
        w.raw(#","type":"#); w.string(type.rawValue)
        w.raw(#","region":"#); w.string(region)
        w.raw(#","severity":"#); w.string(severity.rawValue)
        w.raw(#","previous_severity":"#); w.string(previousSeverity.rawValue)
        w.raw(alert ? #","alert":true"# : #","alert":false"#)
        w.raw(#","score":"#); w.number(score)
        w.raw(#","baseline":"#); w.number(baseline)
        w.raw(surge ? #","surge":true"# : #","surge":false"#)
        w.raw(#","corroboration":"#); w.raw(String(corroboration))
        w.raw(#","stories":"#); w.raw(String(stories))
        w.raw(#","items":"#); w.raw(String(items))
        w.raw(#","suppressed":"#); w.raw(String(suppressed))
        w.raw(#","drivers":["#)
        for (index, driver) in drivers.enumerated() {
            w.raw(index == 0 ? #"{"item_id":"# : #",{"item_id":"#); w.string(driver.itemID)
            if let title = driver.title { w.raw(#","title":"#); w.string(title) }
            if let source = driver.source { w.raw(#","source":"#); w.string(source) }
            if let url = driver.url { w.raw(#","url":"#); w.string(url) }
            w.raw(#","event_time":"#); w.string(driver.eventTime)
            w.raw(#","score":"#); w.number(driver.score)
            w.raw(#","corroboration":"#); w.raw(String(driver.corroboration))
            w.raw("}")
        }
        w.raw(#"],"event_time":"#); w.string(eventTime)
        w.raw(#","window_start":"#); w.string(windowStart)
        w.raw(#","window_end":"#); w.string(windowEnd)
        if let rulesVersion { w.raw(#","rules_version":"#); w.string(rulesVersion) }
        w.raw("}")
        return w.text
    }

    /// `jsonLine()` as UTF-8 bytes, the value of an alerts-topic message.
    public func jsonBytes() -> [UInt8] { Array(jsonLine().utf8) }
}

/// A tiny compact-JSON writer with TocsinRules' conventions (its writer is internal there):
/// strings escape `"`, `\` and control characters (`\n`, `\r`, `\t` by name, others `\u00XX`),
/// integral numbers below 1e15 print as integers, others in Swift's shortest form, non-finite as 0.
struct CompactJSON {
    private(set) var text = ""

    mutating func raw(_ fragment: String) { text += fragment }

    mutating func string(_ value: String) {
        text.unicodeScalars.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text.unicodeScalars.append("\"")
    }

    mutating func number(_ value: Double) {
        guard value.isFinite else { text += "0"; return }
        if value == value.rounded(), abs(value) < 1e15 { text += String(Int64(value)) } else { text += String(value) }
    }
}
