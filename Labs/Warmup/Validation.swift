import Contracts

extension ChirpToolkit {
    /// Step 4: everything wrong with `event`, one `ValidationIssue` per broken
    /// rule, named by its JSON field; empty when the event is valid.
    ///
    /// - `id`, and a like's `post`: 1 to 64 characters, each an ASCII letter
    ///   or digit or one of `-` `_` `.` `:`.
    /// - `user`, and a follow's `followee`: at least 1; nobody follows themself.
    /// - `ts`: from 0 to 253402300799999 (the last millisecond of year 9999).
    /// - a post's `text`: not blank, at most 280 characters.
    public func validate(_ event: ChirpEvent) throws -> [ValidationIssue] {
        throw NotImplemented(step: 4)
    }
}
