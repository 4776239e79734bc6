import Foundation

extension NewsItem {
    /// Validates and decodes one message value (contract section 1).
    ///
    /// Checks run in this order, and the first failure wins: size, UTF-8, JSON syntax, top-level
    /// object, types of the known optional fields (`"title": 5` is `invalidJSON` naming the field;
    /// `null` counts as absent), `id`, content. Unknown fields are skipped (but must be valid JSON).
    /// A `body` or `title` that is only whitespace counts as empty.
    public static func decode(_ bytes: UnsafeRawBufferPointer, maxBytes: Int) throws(NewsItemError) -> NewsItem {
        guard bytes.count <= maxBytes else { throw .tooLarge(size: bytes.count, limit: maxBytes) }
        guard UTF8Check.isValid(bytes) else { throw .invalidUTF8 }
        guard !bytes.isEmpty else { throw .invalidJSON("the message is empty") }
        var parser = NewsItemParser(bytes)
        return try parser.parseItem()
    }

    /// Decodes a message held in an array (see `decode(_:maxBytes:)` for the rules).
    public static func decode(_ bytes: [UInt8], maxBytes: Int) throws(NewsItemError) -> NewsItem {
        try bytes.withUnsafeBytes { raw in Result { () throws(NewsItemError) in try decode(raw, maxBytes: maxBytes) } }.get()
    }

    /// Decodes a message held in `Data` (see `decode(_:maxBytes:)` for the rules).
    public static func decode(_ data: Data, maxBytes: Int) throws(NewsItemError) -> NewsItem {
        try data.withUnsafeBytes { raw in Result { () throws(NewsItemError) in try decode(raw, maxBytes: maxBytes) } }.get()
    }

    /// Decodes a message from any byte collection; contiguous storage is used without copying.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes, maxBytes: Int) throws(NewsItemError) -> NewsItem {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(NewsItemError) in try decode(UnsafeRawBufferPointer(buffer), maxBytes: maxBytes) }
        }
        if let contiguous { return try contiguous.get() }
        return try decode(Array(bytes), maxBytes: maxBytes)
    }

    /// Decodes one line of a JSONL file (see `decode(_:maxBytes:)` for the rules).
    public static func decode(line: some StringProtocol, maxBytes: Int) throws(NewsItemError) -> NewsItem {
        var text = String(line)
        return try text.withUTF8 { buffer in
            Result { () throws(NewsItemError) in try decode(UnsafeRawBufferPointer(buffer), maxBytes: maxBytes) }
        }.get()
    }
}

/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
enum UTF8Check {
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return true }
        let p = base.assumingMemoryBound(to: UInt8.self)
        var i = 0
        while i < count {
            // Fast path: 32, then eight ASCII bytes at a time; news text is mostly ASCII.
            if i + 32 <= count {
                let raw = UnsafeRawPointer(p + i)
                let any = raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 == 0 { i += 32; continue }
            }
            if i + 8 <= count {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let lead = p[i]
            if lead < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF   // allowed range of the second byte
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F          // excludes UTF-16 surrogates
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F          // nothing above U+10FFFF
            default: return false
            }
            guard i + length <= count else { return false }
            let second = p[i + 1]
            guard second >= low, second <= high else { return false }
            var k = 2
            while k < length {
                guard p[i + k] & 0xC0 == 0x80 else { return false }
                k += 1
            }
            i += length
        }
        return true
    }
}
