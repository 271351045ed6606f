import Contracts

/// Step 1: stateless operators, fused. Each one is a closure that takes a
/// record and `emit`s its results straight into the next operator: a chain
/// of them runs as one loop, with no array between operators.
enum Operators {
    /// One result per record: `transform(record)`.
    static func map<A, B>(_ transform: @escaping (A) -> B) throws -> Operator<A, B> {
        throw NotImplemented(step: 1)
    }

    /// The record itself, if `isIncluded` says so; nothing otherwise.
    static func filter<A>(_ isIncluded: @escaping (A) -> Bool) throws -> Operator<A, A> {
        throw NotImplemented(step: 1)
    }

    /// Every element of `transform(record)`, in order.
    static func flatMap<A, B>(_ transform: @escaping (A) -> [B]) throws -> Operator<A, B> {
        throw NotImplemented(step: 1)
    }

    /// `first`'s results pushed one by one through `second`.
    static func chain<A, B, C>(_ first: Operator<A, B>, _ second: Operator<B, C>) throws -> Operator<A, C> {
        throw NotImplemented(step: 1)
    }
}
