import CHyperscan
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One expression to compile, with its Hyperscan flags.
struct HyperscanExpression {
    var regex: String
    var caseSensitive: Bool
    /// An escaped literal from a phrase, rather than a user's regex.
    var literal: Bool

    var flags: UInt32 {
        // Literals: byte strings; their start is end minus length, so no start-of-match tracking.
        // Regexes: UTF8 so `.` and classes match whole characters; SOM_LEFTMOST for the evidence start.
        var f = literal ? 0 : UInt32(HS_FLAG_SOM_LEFTMOST | HS_FLAG_UTF8)
        if !caseSensitive { f |= UInt32(HS_FLAG_CASELESS) }
        return f
    }
}

/// A compiled block-mode Hyperscan database. It is immutable after compilation and Hyperscan allows
/// any number of threads to scan it at once (each with its own scratch), hence `@unchecked Sendable`.
/// This object is the single owner of the C handle.
final class HyperscanDatabase: @unchecked Sendable {
    let handle: OpaquePointer

    private init(handle: OpaquePointer) { self.handle = handle }

    deinit { hs_free_database(handle) }

    /// Why compilation failed: the expression index when Hyperscan names one, and its message.
    struct Failure: Error {
        var index: Int?
        var message: String
    }

    /// Checks one expression on its own, so every bad pattern can be reported, not only the first.
    static func check(_ expression: HyperscanExpression) -> String? {
        var info: UnsafeMutablePointer<hs_expr_info_t>?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let status = hs_expression_info(expression.regex, expression.flags, &info, &error)
        free(info)
        guard status != HS_SUCCESS else { return nil }
        let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(status)"
        hs_free_compile_error(error)
        return message
    }

    /// Compiles all expressions into one database; expression `i` reports match id `i`.
    static func compile(_ expressions: [HyperscanExpression]) -> Result<HyperscanDatabase, Failure> {
        let cStrings = expressions.map { strdup($0.regex) }
        defer { cStrings.forEach { free($0) } }
        let pointers = cStrings.map { UnsafePointer($0) }
        let flags = expressions.map(\.flags)
        let ids = (0..<expressions.count).map { UInt32($0) }
        var database: OpaquePointer?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let status = hs_compile_multi(pointers, flags, ids, UInt32(expressions.count), UInt32(HS_MODE_BLOCK), nil, &database, &error)
        guard status == HS_SUCCESS, let database else {
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(status)"
            let index = error.map { Int($0.pointee.expression) }.flatMap { $0 >= 0 ? $0 : nil }
            hs_free_compile_error(error)
            return .failure(Failure(index: index, message: message))
        }
        return .success(HyperscanDatabase(handle: database))
    }
}

/// Hyperscan scratch space: needed by every scan, and usable by one scan at a time.
final class HyperscanScratch {
    let handle: OpaquePointer

    init(for database: HyperscanDatabase) throws(ScorerError) {
        var scratch: OpaquePointer?
        let status = hs_alloc_scratch(database.handle, &scratch)
        guard status == HS_SUCCESS, let scratch else { throw ScorerError(message: "cannot allocate Hyperscan scratch space (error \(status))") }
        handle = scratch
    }

    deinit { hs_free_scratch(handle) }
}

/// A failure to set up or run a scan.
public struct ScorerError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
