/// A stateless stream operator, fused: it takes one record and pushes zero or
/// more results to the next operator, with no array in between.
///
/// This is how Flink chains operators and how Spark's whole-stage code
/// generation fuses a `map` into a `filter`: a chain of operators runs as one
/// loop over the records of a micro-batch, each record going all the way
/// through before the next one starts.
public struct Operator<In, Out> {
    /// Processes one record: calls `emit` once per result (zero times drops it).
    public let process: (In, (Out) -> Void) -> Void

    public init(_ process: @escaping (In, (Out) -> Void) -> Void) {
        self.process = process
    }

    /// Runs the operator over `records`, collecting every result in order.
    public func run<S: Sequence>(_ records: S) -> [Out] where S.Element == In {
        var results: [Out] = []
        for record in records { process(record) { results.append($0) } }
        return results
    }
}
