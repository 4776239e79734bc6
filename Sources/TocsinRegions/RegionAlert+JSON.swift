import TocsinRules

extension RegionAlert {
    /// Compact JSON on one line, no trailing newline, keys in the schema's order (as
    /// `AssessmentRecord.jsonLine()` writes them): what goes on stdout and the alerts topic.
    /// Integral numbers print without `.0`; `rules_version` and absent driver fields are omitted.
    public func jsonLine() -> String { json().result() }

    /// `jsonLine()` as UTF-8 bytes, the value of an alerts-topic message.
    public func jsonBytes() -> [UInt8] { json().bytes }

    private func json() -> JSONWriter {
        var w = JSONWriter()
        w.begin()
        w.key("alert_id"); w.string(alertID)
        w.key("type"); w.string(type.rawValue)
        w.key("region"); w.string(region)
        w.key("severity"); w.string(severity.rawValue)
        w.key("previous_severity"); w.string(previousSeverity.rawValue)
        w.key("alert"); w.bool(alert)
        w.key("score"); w.number(score)
        w.key("baseline"); w.number(baseline)
        w.key("surge"); w.bool(surge)
        w.key("corroboration"); w.integer(Int64(corroboration))
        w.key("stories"); w.integer(Int64(stories))
        w.key("items"); w.integer(Int64(items))
        w.key("suppressed"); w.integer(Int64(suppressed))
        w.key("drivers")
        w.beginArray()
        for driver in drivers {
            w.element()
            w.begin()
            w.key("item_id"); w.string(driver.itemID)
            if let title = driver.title { w.key("title"); w.string(title) }
            if let source = driver.source { w.key("source"); w.string(source) }
            if let url = driver.url { w.key("url"); w.string(url) }
            w.key("event_time"); w.string(driver.eventTime)
            w.key("score"); w.number(driver.score)
            w.key("corroboration"); w.integer(Int64(driver.corroboration))
            w.end()
        }
        w.endArray()
        w.key("event_time"); w.string(eventTime)
        w.key("window_start"); w.string(windowStart)
        w.key("window_end"); w.string(windowEnd)
        if let rulesVersion { w.key("rules_version"); w.string(rulesVersion) }
        w.end()
        return w
    }
}
