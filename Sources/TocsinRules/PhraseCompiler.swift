/// Compiles the phrase syntax of `match:` lists and country names into literal strings.
///
/// Phrase syntax (case-insensitive; a phrase matches whole words only):
/// - letters, digits and punctuation match themselves; `'` also matches ’ (text is normalised);
/// - a space matches any run of spaces and hyphens (not a line break); a `-` matches a hyphen, a
///   space or nothing: `build-up` finds "build-up", "build up" and "buildup";
/// - `(a|b|c)` matches one of the alternatives; `?` after a group or a single character makes it
///   optional: `deploy(s|ed|ing)?`, `troops?`, `carrier (strike )?group`;
/// - `*` at the end of a word matches any ending: `evacuat*` (only before `~N` or at the end);
/// - `~N` between words allows up to N other words there, within one sentence (see `Sentences`):
///   `deployed ~3 troops`. Not inside parentheses;
/// - `@name` stands for the named list's phrases as alternatives, `(item1|item2|...)`; items use
///   the same syntax (lists may refer to other lists) except `~N`.
/// A phrase with no lower-case letter but at least one capital (`US`, `UAE`) is case-sensitive, so
/// acronyms do not match ordinary words. Anything else needs a `regex:` pattern.
///
/// Why literals: every phrase expands to a set of plain strings per gap-free segment, which
/// Hyperscan matches at memory speed, with no start-of-match tracking (start = end - length).
/// Word boundaries and gaps are checked in Swift on the few candidate matches. Regexes with gaps
/// and start-of-match tracking were an order of magnitude slower to compile and to scan.
struct PhraseCompiler {
    /// Most literal strings one segment may expand to.
    static let maxVariants = 2000

    /// Compiles a phrase; `lists` are the named lists `@name` may refer to (name -> items).
    static func compile(_ phrase: String, lists: [String: [String]] = [:]) -> Result<PhrasePlan, PhraseError> {
        do throws(PhraseError) {
            let (segmentTexts, gaps) = try splitGaps(phrase)
            var segments: [[PhrasePlan.Literal]] = []
            for (index, text) in segmentTexts.enumerated() {
                var parser = Parser(chars: Array(text), lists: lists)
                let sequence = try parser.sequence(topLevel: true)
                let literals = try expand(sequence).map { raw throws(PhraseError) in
                    try literal(from: raw, isLast: index == segmentTexts.count - 1)
                }
                segments.append(Array(Set(literals)).sorted { $0.text < $1.text })
            }
            // List names are lower case by rule; only the words written here decide.
            let written = listReferences(in: phrase).reversed().reduce(into: Array(phrase.unicodeScalars)) { scalars, ref in
                scalars.removeSubrange(ref.offset..<(ref.offset + 1 + ref.name.unicodeScalars.count))
            }
            let caseSensitive = !written.contains(where: \.properties.isLowercase) && written.contains(where: \.properties.isUppercase)
            return .success(PhrasePlan(segments: segments, gaps: gaps, caseSensitive: caseSensitive))
        } catch {
            return .failure(error)
        }
    }

    /// Splits `a ~3 b` into segments and gap sizes; `~` must stand alone between two words.
    private static func splitGaps(_ phrase: String) throws(PhraseError) -> ([String], [Int]) {
        var segments: [String] = [], gaps: [Int] = []
        var current = ""
        var depth = 0
        let chars = Array(phrase)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if c == "~" {
                guard depth == 0 else { throw PhraseError("'~N' cannot be used inside parentheses; write separate phrases instead") }
                var j = i + 1, digits = ""
                while j < chars.count, chars[j].isASCII, let d = chars[j].wholeNumberValue { digits.append(String(d)); j += 1 }
                guard let n = Int(digits), (1...20).contains(n) else { throw PhraseError("'~' must be followed by a number of words from 1 to 20, e.g. ~3") }
                let before = current.trimmingSpaces()
                guard i > 0, chars[i - 1] == " ", j < chars.count, chars[j] == " ", !before.isEmpty else {
                    throw PhraseError("'~\(digits)' must stand between two words, with spaces around it, e.g. 'deployed ~3 troops'")
                }
                segments.append(before)
                gaps.append(n)
                current = ""
                i = j
                continue
            }
            current.append(c)
            i += 1
        }
        let last = current.trimmingSpaces()
        guard !last.isEmpty else { throw PhraseError(segments.isEmpty ? "the phrase is empty" : "'~N' must stand between two words, not at the end") }
        segments.append(last)
        return (segments, gaps)
    }

    /// One parsed element of a segment.
    private indirect enum Item {
        case text(String)
        case group([[Item]])
        case optional(Item)
        case star
    }

    /// The `@name` references in a phrase, with their offsets in Unicode scalars.
    static func listReferences(in phrase: String) -> [(name: String, offset: Int)] {
        var out: [(name: String, offset: Int)] = []
        let scalars = Array(phrase.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "@" {
                var j = i + 1
                while j < scalars.count, isListNameScalar(scalars[j]) { j += 1 }
                out.append((String(String.UnicodeScalarView(scalars[(i + 1)..<j])), i))
                i = j
            } else {
                i += 1
            }
        }
        return out
    }

    private static func isListNameScalar(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || s == "_"
    }

    /// A recursive-descent parser for one gap-free segment.
    private struct Parser {
        let chars: [Character]
        let lists: [String: [String]]
        /// Lists being expanded around this parser, to reject a list that contains itself.
        var expanding: [String] = []
        var i = 0

        init(chars: [Character], lists: [String: [String]], expanding: [String] = []) {
            self.chars = chars
            self.lists = lists
            self.expanding = expanding
        }

        mutating func sequence(topLevel: Bool) throws(PhraseError) -> [Item] {
            var items: [Item] = []
            while i < chars.count {
                let c = chars[i]
                switch c {
                case "|", ")":
                    guard !topLevel else {
                        throw PhraseError(c == "|" ? "'|' is only allowed inside parentheses, e.g. (a|b)" : "unbalanced ')'")
                    }
                    return items
                case "(":
                    i += 1
                    var alternatives: [[Item]] = []
                    while true {
                        let alternative = try sequence(topLevel: false)
                        guard i < chars.count else { throw PhraseError("unclosed '(': add ')'") }
                        guard alternative.contains(where: { if case .text(" ") = $0 { false } else { true } }) else {
                            throw PhraseError("empty alternative in '( | )'; put '?' after the group to make it optional")
                        }
                        alternatives.append(alternative)
                        i += 1
                        if chars[i - 1] == ")" { break }
                    }
                    items.append(.group(alternatives))
                    continue
                case "?":
                    guard let last = items.last, !Self.isSpace(last) else {
                        throw PhraseError("'?' must follow a character or a group, e.g. 'troops?' or 'deploy(s|ed)?'")
                    }
                    if case .optional = last { throw PhraseError("'??' is not allowed") }
                    items[items.count - 1] = .optional(last)
                case "*":
                    guard i > 0, chars[i - 1].isLetter || chars[i - 1].isNumber else {
                        throw PhraseError("'*' must end a word, e.g. 'evacuat*'")
                    }
                    items.append(.star)
                case "@":
                    items.append(try listReference())
                    continue
                case "-": items.append(.group([[.text(" ")], [.text("")]]))
                case "’", "‘": items.append(.text("'"))
                case "[", "]", "{", "}", "\\", "^", "$", "+", "\"", "“", "”", "#":
                    throw PhraseError("'\(c)' is not part of the phrase syntax; write a 'regex:' pattern instead")
                default:
                    items.append(.text(c.isWhitespace ? " " : String(c)))
                }
                i += 1
            }
            return items
        }

        /// `@name` at `i`: the list's items as the alternatives of a group.
        private mutating func listReference() throws(PhraseError) -> Item {
            var j = i + 1
            var name = ""
            while j < chars.count, let scalar = chars[j].unicodeScalars.first, chars[j].unicodeScalars.count == 1,
                  PhraseCompiler.isListNameScalar(scalar) {
                name.append(chars[j])
                j += 1
            }
            i = j
            guard !name.isEmpty else { throw PhraseError("'@' must be followed by a list name, e.g. @military_units") }
            guard let items = lists[name] else {
                throw PhraseError("unknown list '@\(name)'; define it under 'lists:' in a rule file or fix the name")
            }
            guard !expanding.contains(name) else {
                throw PhraseError("list '@\(name)' refers to itself (via \((expanding + [name]).map { "@" + $0 }.joined(separator: " -> "))); remove the loop")
            }
            var alternatives: [[Item]] = []
            for item in items {
                guard !item.contains("~") else { throw PhraseError("list '@\(name)' has an item with '~N' ('\(item)'); list items are gap-free phrases") }
                var parser = Parser(chars: Array(item), lists: lists, expanding: expanding + [name])
                alternatives.append(try parser.sequence(topLevel: true))
            }
            return .group(alternatives)
        }

        private static func isSpace(_ item: Item) -> Bool {
            if case .text(" ") = item { return true }
            return false
        }
    }

    private static let starMarker: Character = "\u{1}"

    /// All strings a sequence can match, with `*` kept as a marker character.
    private static func expand(_ items: [Item]) throws(PhraseError) -> [String] {
        var results = [""]
        for item in items {
            let options = try expand(item)
            var next: [String] = []
            next.reserveCapacity(results.count * options.count)
            for prefix in results { for option in options { next.append(prefix + option) } }
            guard next.count <= maxVariants else {
                throw PhraseError("the phrase expands to more than \(maxVariants) variants; split it into several phrases or use ~N")
            }
            results = next
        }
        return results
    }

    private static func expand(_ item: Item) throws(PhraseError) -> [String] {
        switch item {
        case let .text(t): return [t]
        case .star: return [String(starMarker)]
        case let .optional(inner): return try expand(inner) + [""]
        case let .group(alternatives):
            var out: [String] = []
            for alternative in alternatives { out += try expand(alternative) }
            return out
        }
    }

    /// Normalises one expanded string like the scored text (single spaces) and reads the `*` marker.
    private static func literal(from raw: String, isLast: Bool) throws(PhraseError) -> PhrasePlan.Literal {
        var text = ""
        var lastWasSpace = true
        for c in raw {
            if c == " " {
                if !lastWasSpace { text.append(" ") }
                lastWasSpace = true
            } else {
                text.append(c)
                lastWasSpace = false
            }
        }
        text = text.trimmingSpaces()
        var openEnd = false
        if text.last == starMarker {
            text.removeLast()
            openEnd = true
        }
        guard !text.contains(starMarker) else {
            throw PhraseError("'*' must end the phrase or come right before '~N' (e.g. 'condemn* ~3 attack')")
        }
        guard !text.isEmpty else { throw PhraseError("a variant of this phrase is empty; make sure something is not optional") }
        return PhrasePlan.Literal(text: text, openEnd: openEnd)
    }
}

/// A compiled phrase: segments of literal alternatives, separated by gaps of up to `gaps[i]` words.
struct PhrasePlan: Equatable, Sendable {
    struct Literal: Hashable, Sendable {
        var text: String
        /// Ends with `*`: any word ending may follow.
        var openEnd: Bool
    }
    var segments: [[Literal]]
    var gaps: [Int]
    var caseSensitive: Bool
}

/// Why a phrase could not be compiled.
struct PhraseError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
