import Contracts

extension ChirpToolkit {
    /// Step 2: `event` as one line of JSON, for example
    ///
    ///     {"id":"s7-0","type":"post","user":42,"ts":1700000000000,"text":"shipping #swift"}
    ///
    /// `id`, `type`, `user`, `ts`, then `text` (post), `post` (like) or
    /// `followee` (follow). Numbers bare, strings quoted and escaped; no
    /// newline anywhere in the line.
    public func encode(_ event: ChirpEvent) throws -> String {
        throw NotImplemented(step: 2)
    }
}
