import TocsinRules

/// The page's colours, for light mode: pale tier bands behind the curves, saturated severity
/// colours for markers and labels, so a marker stands out on the band of its own tier.
enum Palette {
    static func band(_ tier: Severity) -> String {
        switch tier {
        case .none: "#ffffff"
        case .low: "#fff6cc"
        case .medium: "#ffe3c4"
        case .high: "#ffd3cf"
        case .critical: "#f0cde6"
        }
    }

    static func severity(_ tier: Severity) -> String {
        switch tier {
        case .none: "#868e96"
        case .low: "#c99a06"
        case .medium: "#e8590c"
        case .high: "#d6336c"
        case .critical: "#862e9c"
        }
    }

    static let index = "#1c3f94"
    static let baseline = "#5c677d"
    static let resolved = "#2b8a3e"
    static let grid = "#dee2e6"
    static let ink = "#212529"
    static let muted = "#6c757d"
}
