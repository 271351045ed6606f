import Contracts

/// Step 1: stateless operators, fused. Each one is a closure that takes a
/// record and `emit`s its results straight into the next operator: a chain
/// of them runs as one loop, with no array between operators.
enum Operators {
    /// One result per record: `transform(record)`.
    static func map<A, B>(_ transform: @escaping (A) -> B) throws -> Operator<A, B> {
        Operator { record, emit in emit(transform(record)) }
    }

    /// The record itself, if `isIncluded` says so; nothing otherwise.
    static func filter<A>(_ isIncluded: @escaping (A) -> Bool) throws -> Operator<A, A> {
        Operator { record, emit in
            if isIncluded(record) { emit(record) }
        }
    }

    /// Every element of `transform(record)`, in order.
    static func flatMap<A, B>(_ transform: @escaping (A) -> [B]) throws -> Operator<A, B> {
        Operator { record, emit in
            for result in transform(record) { emit(result) }
        }
    }

    /// `first`'s results pushed one by one through `second`.
    static func chain<A, B, C>(_ first: Operator<A, B>, _ second: Operator<B, C>) throws -> Operator<A, C> {
        let (process, then) = (first.process, second.process)
        return Operator { record, emit in
            process(record) { middle in then(middle, emit) }
        }
    }
}
