import TocsinRules

extension NewsItem {
    /// The item as a feed would send it: one compact JSON object, fields in a fixed order.
    public var feedJSON: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((body?.utf8.count ?? 0) + 300)
        func field(_ key: String, _ value: String?) {
            guard let value else { return }
            out += Array((out.isEmpty ? "{\"" : ",\"").utf8) + Array(key.utf8) + Array("\":\"".utf8)
            for b in value.utf8 {
                switch b {
                case 0x22: out += [0x5C, 0x22]
                case 0x5C: out += [0x5C, 0x5C]
                case 0x0A: out += [0x5C, 0x6E]
                case 0x0D: out += [0x5C, 0x72]
                case 0x09: out += [0x5C, 0x74]
                default: out.append(b)
                }
            }
            out.append(0x22)
        }
        field("id", id)
        field("source", source)
        field("url", url)
        field("published_at", publishedAt)
        field("language", language)
        field("title", title)
        field("body", body)
        out.append(0x7D)
        return out
    }
}
