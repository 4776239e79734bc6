import Foundation

/// Escaping and number formatting for the page. Every piece of text that comes from news or
/// alerts goes through `HTML.text` or `HTML.attribute`: titles are written by strangers.
enum HTML {
    /// Text content: `&`, `<` and `>` escaped; quotes too, so the same text is safe in attributes.
    /// Control characters other than tab and newline are dropped (they are not allowed in HTML).
    static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// An attribute value (to go between double quotes).
    static func attribute(_ value: String) -> String { text(value) }

    /// A link target, or nil when it is not an http(s) URL: a `javascript:` or `data:` URL from a
    /// hostile feed must never become clickable.
    static func safeURL(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        let lower = value.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return nil }
        return value
    }

    /// Shortens to at most `limit` characters, with an ellipsis.
    static func clip(_ value: String, _ limit: Int) -> String {
        value.count <= limit ? value : String(value.prefix(limit - 1)) + "…"
    }

    /// A number for display with at most `decimals` decimals and no trailing zeros (`12.5`, `3`).
    static func number(_ value: Double, decimals: Int = 1) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        var text = String(rounded)
        // String(Double) may use more digits than asked; trim to `decimals`.
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > decimals + 1 {
            text = String(text[..<text.index(dot, offsetBy: decimals + 1)])
        }
        return text
    }

    /// An SVG coordinate: one decimal is below a pixel and keeps the page small.
    static func coordinate(_ value: Double) -> String { number(value, decimals: 1) }
}
