/// A news item as the contract (section 1) defines it.
///
/// Values are kept exactly as given: `publishedAt` stays the RFC 3339 string from the feed, because
/// the daemon only copies it into assessments and must not reformat it.
public struct NewsItem: Sendable, Codable, Equatable {
    public var id: String
    public var title: String?
    public var body: String?
    public var source: String?
    public var url: String?
    /// JSON key `published_at`, kept as given (an RFC 3339 string).
    public var publishedAt: String?
    public var language: String?

    public init(
        id: String, title: String? = nil, body: String? = nil, source: String? = nil,
        url: String? = nil, publishedAt: String? = nil, language: String? = nil
    ) {
        self.id = id
        self.title = title
        self.body = body
        self.source = source
        self.url = url
        self.publishedAt = publishedAt
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case id, title, body, source, url
        case publishedAt = "published_at"
        case language
    }
}

/// Why a message is not a valid news item; the daemon sends it to the dead-letter topic with `code`.
public enum NewsItemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message is larger than the configured limit (`too_large`).
    case tooLarge(size: Int, limit: Int)
    /// The bytes are not valid UTF-8 (`invalid_utf8`).
    case invalidUTF8
    /// Not JSON, or a known field has the wrong type (`invalid_json`); the payload says what and where.
    case invalidJSON(String)
    /// Valid JSON, but not an object (`not_an_object`).
    case notAnObject
    /// `id` is absent, not a string, or empty (`missing_id`).
    case missingID
    /// Neither a non-blank `body` nor a non-blank `title` (`empty_content`).
    case emptyContent

    /// The short, stable reason code used on the dead-letter topic.
    public var code: String {
        switch self {
        case .tooLarge: "too_large"
        case .invalidUTF8: "invalid_utf8"
        case .invalidJSON: "invalid_json"
        case .notAnObject: "not_an_object"
        case .missingID: "missing_id"
        case .emptyContent: "empty_content"
        }
    }

    public var description: String {
        switch self {
        case let .tooLarge(size, limit): "message is \(size) bytes, over the \(limit)-byte limit"
        case .invalidUTF8: "message is not valid UTF-8"
        case let .invalidJSON(detail): "message is not valid JSON: \(detail)"
        case .notAnObject: "message is JSON but not an object; a news item must be a JSON object"
        case .missingID: "message has no \"id\"; it must be a non-empty string"
        case .emptyContent: "item has neither a non-blank \"body\" nor a non-blank \"title\"; there is nothing to score"
        }
    }
}
