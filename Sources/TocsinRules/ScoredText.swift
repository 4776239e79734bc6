/// The text an item is scored on, `title + "\n\n" + body` (or whichever is present), kept twice:
/// as written (`original`, for evidence and offsets) and normalised (`normalized`, for matching).
///
/// Normalising maps typographic quotes to `'` / `"`, collapses each run of spaces, tabs, hyphens,
/// dashes and no-break spaces to one space, and each run of whitespace holding a line break to one
/// `\n`. Phrases are compiled to the same form, so "build-up", "build  up" and "build—up" are one
/// string to match. The buffers are reused between items, and filled through pointers, because
/// this runs on every byte of every item.
struct ScoredText {
    /// The original bytes, `original[0..<originalCount]`.
    private(set) var original: UnsafeMutablePointer<UInt8>
    private(set) var originalCount = 0
    /// The normalised bytes, `normalized[0..<count]` (never longer than the original).
    private(set) var normalized: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    /// Bytes allocated for each of `original` and `normalized`.
    private var capacity: Int
    /// End of the title in `normalized` (0 when there is no title).
    private(set) var titleEnd = 0
    /// Whether any original byte is non-ASCII; if not, byte offsets are scalar offsets.
    private(set) var hasNonASCII = false
    /// Where normalised offsets stop being original offsets: from normalised index `at` on, the
    /// original index is the normalised one plus `delta`. Only collapsed runs longer than one byte
    /// and replaced multi-byte characters add an entry, so the list is short.
    private var shifts = ScratchBuffer<Shift>(capacity: 64)
    /// `byteClass`, in memory of its own (no lazy-global check per item).
    private let classes: UnsafeMutablePointer<UInt8>

    struct Shift: BitwiseCopyable {
        var at: Int
        var delta: Int
    }

    init() {
        capacity = 4096
        original = .allocate(capacity: capacity)
        normalized = .allocate(capacity: capacity)
        classes = .allocate(capacity: 256)
        classes.initialize(from: Self.byteClass, count: 256)
    }

    /// Frees the buffers; the owner calls this once.
    func deallocate() {
        original.deallocate()
        normalized.deallocate()
        classes.deallocate()
        shifts.deallocate()
    }

    /// The normalised text, for matching.
    var normalizedBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: normalized, count: count) }

    mutating func reset(title: String?, body: String?) {
        let titleCount = title?.utf8.count ?? 0, bodyCount = body?.utf8.count ?? 0
        let n = titleCount + (titleCount > 0 && bodyCount > 0 ? 2 : 0) + bodyCount
        if n > capacity {
            capacity = max(n, 2 * capacity)
            original.deallocate()
            normalized.deallocate()
            original = .allocate(capacity: capacity)
            normalized = .allocate(capacity: capacity)
        }
        if let title, titleCount > 0 { Self.copy(title, to: original) }
        if titleCount > 0, bodyCount > 0 {
            original[titleCount] = 0x0A
            original[titleCount + 1] = 0x0A
        }
        if let body, bodyCount > 0 { Self.copy(body, to: original + (n - bodyCount)) }
        originalCount = n
        normalize(titleBytes: titleCount)
    }

    @inline(__always)
    private static func copy(_ string: String, to destination: UnsafeMutablePointer<UInt8>) {
        string.withUTF8Bytes { bytes in destination.update(from: bytes.baseAddress!, count: bytes.count) }
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
        shifts.removeAll()
        var nonASCII = false
        var title = -1
        let n = originalCount
        let src = original, dst = normalized, cls = classes
        var i = 0, o = 0
        var runStart = -1, runBreak = false   // a pending run of spaces, not yet written
        while i < n {
            if i == titleBytes, title < 0 { title = o }
            if runStart < 0 {
                // The fast path never copies the "\n\n" between title and body, so it cannot skip
                // past the end of the title.
                Self.copyPlain(src, dst, &i, &o, n)
                if i == titleBytes, title < 0 { title = o }
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
                if i - runStart > 1 { shifts.append(Shift(at: o, delta: i - o)) }
                runStart = -1
                runBreak = false
            }
            dst[o] = replacement
            o += 1
            i += length
            if length > 1 {
                shifts.append(Shift(at: o, delta: i - o))
            } else if b >= 0xC0 {
                // The rest of a character that is kept: its continuation bytes are copied as they
                // are, without a round through the fast path for each.
                while i < n, src[i] & 0xC0 == 0x80 {
                    dst[o] = src[i]
                    o += 1
                    i += 1
                }
            }
        }
        if runStart >= 0 {
            dst[o] = runBreak ? 0x0A : 0x20
            o += 1
        }
        count = o
        titleEnd = titleBytes == 0 ? 0 : title < 0 ? o : title
        hasNonASCII = nonASCII
    }

    /// The fast path: copies `src[i...]` to `dst[o...]` sixteen bytes at a time for as long as no
    /// byte needs normalising, and advances `i` and `o` to the first one that does (or to within 17
    /// bytes of `n`, where the caller goes on byte by byte). A space is copied as it is when the
    /// byte after it is ordinary; any other space, control, hyphen or non-ASCII byte stops it.
    @inline(__always)
    private static func copyPlain(_ src: UnsafeMutablePointer<UInt8>, _ dst: UnsafeMutablePointer<UInt8>,
                                  _ i: inout Int, _ o: inout Int, _ n: Int) {
        guard i + 17 <= n else { return }
        let k = plainPrefix(src + i, dst + o, n - i)
        i += k
        o += k
    }

    /// How many leading bytes of `src[0..<available]` the fast path may copy, having copied them
    /// to `dst` (and possibly a few more, which the caller overwrites; `dst` has room, since the
    /// output never runs ahead of the input). Not inlined, so its loop has the registers to itself.
    @inline(never)
    private static func plainPrefix(_ src: UnsafeMutablePointer<UInt8>, _ dst: UnsafeMutablePointer<UInt8>, _ available: Int) -> Int {
        // Vector operands, not scalars: `v .== 0x20` compiles to a loop over the lanes.
        let space = SIMD16<Int8>(repeating: 0x20), below = SIMD16<Int8>(repeating: 0x21), hyphen = SIMD16<Int8>(repeating: 0x2D)
        var k = 0
        while k &+ 17 <= available {
            // Signed bytes: non-ASCII ones are negative, so "below 0x21" also catches them.
            let raw = UnsafeRawPointer(src + k)
            let bytes = raw.loadUnaligned(as: SIMD16<Int8>.self)
            let after = raw.loadUnaligned(fromByteOffset: 1, as: SIMD16<Int8>.self)
            let spaces = bytes .== space
            let special = (bytes .< below) .| (bytes .== hyphen)
            let specialAfter = (after .< below) .| (after .== hyphen)
            let stop = (special .& .!spaces) .| (spaces .& specialAfter)
            UnsafeMutableRawPointer(dst + k).storeBytes(of: bytes, as: SIMD16<Int8>.self)
            if any(stop) {
                // A mask's lanes are 0 or -1 bytes: the first set one is the first stop.
                let halves = unsafeBitCast(stop, to: SIMD2<UInt64>.self)
                let lane = halves[0] != 0 ? halves[0].trailingZeroBitCount >> 3 : 8 &+ halves[1].trailingZeroBitCount >> 3
                return k &+ lane
            }
            k &+= 16
        }
        return k
    }

    /// The original offset of the character at normalised offset `k`.
    private func originalOffset(_ k: Int) -> Int {
        var delta = 0
        for index in 0..<shifts.count {
            let shift = shifts[index]
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
