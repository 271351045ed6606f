/// What the API makes of a request body (step 1).
public enum Admission: Equatable, Sendable {
    /// A valid event, with `id` and `ts` filled in if the body had none.
    case event(ChirpEvent)
    /// The body is not a valid event: every field at fault (field `body`
    /// when it is not a JSON object at all).
    case rejected([ValidationIssue])
}
