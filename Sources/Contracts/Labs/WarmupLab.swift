/// The warm-up lab: the Chirp event format, by hand.
///
/// Fifteen minutes that prove a machine is ready and teach the wire format
/// every later lab shares. The starter (`Labs/Warmup`) and the solution
/// (`Solutions/Warmup`) each provide a type conforming to this protocol; the
/// suite checks it step by step. The shared implementations in this module
/// (``ChirpText``, ``ChirpEvent/jsonLine``, ``ChirpEvent/validate()``) are the
/// fast versions that the other components use.
public protocol WarmupLab: Sendable {
    /// Step 1: the hashtags in a chirp's text, following the rules of ``ChirpText``.
    func hashtags(in text: String) throws -> [String]
    /// Step 1: the mentioned handles in a chirp's text, following the rules of ``ChirpText``.
    func mentions(in text: String) throws -> [String]
    /// Step 2: the event as one line of JSON (`id`, `type`, `user`, `ts`, then
    /// `text`, `post` or `followee`), with no newline in it.
    func encode(_ event: ChirpEvent) throws -> String
    /// Step 3: the event a line of JSON describes; a clear error naming the
    /// field when the line is not a valid event.
    func decode(_ line: String) throws -> ChirpEvent
    /// Step 4: everything wrong with an event, by field (the rules of
    /// ``ChirpEvent/validate()``); empty when the event is valid.
    func validate(_ event: ChirpEvent) throws -> [ValidationIssue]
}
