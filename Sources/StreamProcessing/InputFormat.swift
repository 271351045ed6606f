/// How the lines of a file source are written.
public enum InputFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: `{"user_id":7,"hashtag":"swift","ts":1700000000000}`.
    case json
    /// Comma-separated `user_id,hashtag,ts`; a header line naming the columns is skipped.
    case csv
}
