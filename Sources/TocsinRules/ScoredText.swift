/// The text an item is scored on, `title + "\n\n" + body` (or whichever is present), kept twice:
/// as written (`original`, for evidence and offsets) and normalised (`normalized`, for matching).
///
/// Normalising maps typographic quotes to `'` / `"`, collapses each run of spaces, tabs, hyphens,
/// dashes and no-break spaces to one space, and each run of whitespace holding a line break to one
/// `\n`. Phrases are compiled to the same form, so "build-up", "build  up" and "build—up" are one
/// string to match. The buffers are reused between items, and filled through pointers, because
/// this runs on every byte of every item.
struct ScoredText {
    private(set) var original: [UInt8] = []
    /// The normalised bytes are `normalized[0..<count]`; the array only grows.
    private(set) var normalized: [UInt8] = []
    private(set) var count = 0
    /// End of the title in `normalized` (0 when there is no title).
    private(set) var titleEnd = 0
    /// Whether any original byte is non-ASCII; if not, byte offsets are scalar offsets.
    private(set) var hasNonASCII = false
    /// Where normalised offsets stop being original offsets: from normalised index `at` on, the
    /// original index is the normalised one plus `delta`. Only collapsed runs longer than one byte
    /// and replaced multi-byte characters add an entry, so the list is short.
    private var shifts: [(at: Int, delta: Int)] = []

    init() {
        original.reserveCapacity(4096)
        shifts.reserveCapacity(64)
    }

    mutating func reset(title: String?, body: String?) {
        original.removeAll(keepingCapacity: true)
        let hasTitle = !(title ?? "").isEmpty, hasBody = !(body ?? "").isEmpty
        if hasTitle { original.append(contentsOf: title!.utf8) }
        let titleBytes = original.count
        if hasTitle, hasBody { original.append(contentsOf: [0x0A, 0x0A]) }
        if hasBody { original.append(contentsOf: body!.utf8) }
        if normalized.count < original.count { normalized = [UInt8](repeating: 0, count: max(original.count, 4096)) }
        normalize(titleBytes: titleBytes)
    }

    /// Byte classes for normalising: 0 copy, 1 space-like, 2 line break, 3 non-ASCII.
    private static let byteClass: [UInt8] = (0...255).map { b in
        switch b {
        case 0x20, 0x09, 0x2D: 1
        case 0x0A, 0x0D: 2
        case 0x80...: 3
        default: 0
        }
    }

    private mutating func normalize(titleBytes: Int) {
        var shifts = self.shifts
        self.shifts = []
        shifts.removeAll(keepingCapacity: true)
        var nonASCII = false
        var title = -1
        let n = original.count
        let written = Self.byteClass.withUnsafeBufferPointer { classes in
            original.withUnsafeBufferPointer { srcBuffer in
                normalized.withUnsafeMutableBufferPointer { dstBuffer in
                    guard n > 0, let src = srcBuffer.baseAddress, let dst = dstBuffer.baseAddress, let cls = classes.baseAddress else { return 0 }
                    var i = 0, o = 0
                    var runStart = -1, runBreak = false   // a pending run of spaces, not yet written
                    while i < n {
                        if i == titleBytes, title < 0 { title = o }
                        // Fast path, eight bytes at a time: no byte needs attention. Single spaces
                        // copy as they are; runs, hyphens, line breaks and non-ASCII take the slow path.
                        if runStart < 0, i + 8 <= n, titleBytes <= i || titleBytes >= i + 8,
                           Self.isPlain(UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)) {
                            UnsafeMutableRawPointer(dst + o).storeBytes(of: UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self), as: UInt64.self)
                            i += 8
                            o += 8
                            continue
                        }
                        let b = src[i]
                        var kind = cls[Int(b)]
                        var length = 1
                        var replacement = b
                        if kind == 3 {
                            nonASCII = true
                            kind = 0
                            if b == 0xE2, i + 2 < n {
                                switch (src[i + 1], src[i + 2]) {
                                case (0x80, 0x98), (0x80, 0x99), (0x80, 0x9B): replacement = 0x27; length = 3       // ‘ ’ ‛
                                case (0x80, 0x9C...0x9F): replacement = 0x22; length = 3                             // “ ” „ ‟
                                case (0x80, 0x90...0x95), (0x88, 0x92), (0x80, 0x89), (0x80, 0x8A), (0x80, 0xAF):
                                    kind = 1; length = 3                                                             // dashes, minus, thin spaces
                                default: break
                                }
                            } else if b == 0xC2, i + 1 < n, src[i + 1] == 0xA0 {
                                kind = 1; length = 2                                                                 // no-break space
                            }
                        }
                        if kind != 0 {
                            if runStart < 0 { runStart = i }
                            if kind == 2 { runBreak = true }
                            i += length
                            continue
                        }
                        if runStart >= 0 {
                            dst[o] = runBreak ? 0x0A : 0x20
                            o += 1
                            if i - runStart > 1 { shifts.append((o, i - o)) }
                            runStart = -1
                            runBreak = false
                        }
                        dst[o] = replacement
                        o += 1
                        i += length
                        if length > 1 { shifts.append((o, i - o)) }
                    }
                    if runStart >= 0 {
                        dst[o] = runBreak ? 0x0A : 0x20
                        o += 1
                    }
                    return o
                }
            }
        }
        count = written
        titleEnd = titleBytes == 0 ? 0 : title < 0 ? written : title
        hasNonASCII = nonASCII
        self.shifts = shifts
    }

    /// Whether eight bytes can be copied unchanged: all ASCII, no tab, line break or hyphen, no two
    /// spaces in a row, and not ending in a space (the next byte might continue a run).
    @inline(__always)
    private static func isPlain(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // Bytes below 0x20 (tab, line breaks, other controls) or at/above 0x80.
        if (w & highs) | ((w &- 0x20 &* ones) & ~w & highs) != 0 { return false }
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 {   // exactly 0x80 where a byte of v is 0
            ~(((v & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F) | v | 0x7F7F_7F7F_7F7F_7F7F)
        }
        if zeroBytes(w ^ (0x2D &* ones)) != 0 { return false }
        let spaces = zeroBytes(w ^ (0x20 &* ones))
        return spaces & (spaces >> 8) == 0 && spaces >> 56 == 0
    }

    /// The original offset of the character at normalised offset `k`.
    private func originalOffset(_ k: Int) -> Int {
        var delta = 0
        for shift in shifts {
            if shift.at > k { break }
            delta = shift.delta
        }
        return k + delta
    }

    /// Original byte range of a normalised byte range (which starts and ends on characters).
    func originalRange(_ start: Int, _ end: Int) -> Range<Int> {
        let from = originalOffset(start)
        let last = originalOffset(end - 1)
        let lead = original[last]
        // A replaced character maps to its lead byte; a copied byte maps to itself.
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return from..<(last + width)
    }

    /// Scalar offsets of original byte offsets, in one pass.
    func scalarOffsets(ofOriginal offsets: [Int]) -> [Int] {
        guard hasNonASCII else { return offsets }
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var result = [Int](repeating: 0, count: offsets.count)
        var byte = 0, scalars = 0
        for index in order {
            let target = offsets[index]
            while byte < target {
                if original[byte] & 0xC0 != 0x80 { scalars += 1 }
                byte += 1
            }
            result[index] = scalars
        }
        return result
    }

    /// Whether the character containing normalised byte `position` is a letter or digit
    /// (false outside the text). Used for word boundaries.
    func isWordCharacter(at position: Int) -> Bool {
        normalized.withUnsafeBufferPointer { Self.isWordCharacter(at: position, in: UnsafeBufferPointer(rebasing: $0[0..<count])) }
    }

    @inline(__always)
    static func isWordCharacter(at position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard position >= 0, position < bytes.count else { return false }
        let b = bytes[position]
        // ASCII letters and digits; everything else below 0x80 is a word boundary.
        if b < 0x80 { return b &- 0x30 < 10 || (b | 0x20) &- 0x61 < 26 }
        return isNonASCIIWordCharacter(at: position, in: bytes)
    }

    /// Decodes the character around a non-ASCII byte; letters and digits of any script count.
    private static func isNonASCIIWordCharacter(at position: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = position
        while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        var decoder = UTF8()
        var iterator = bytes[start...].makeIterator()
        guard case let .scalarValue(scalar) = decoder.decode(&iterator) else { return false }
        return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }
}
