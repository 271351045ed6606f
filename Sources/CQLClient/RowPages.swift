import CQLProtocol

/// The pages of a SELECT, fetched one at a time as they are iterated: the
/// first without a paging state, each next one with the paging state of the
/// page before, until a page says no more follow.
public struct RowPages: AsyncSequence, Sendable {
    public typealias Element = Rows

    let connection: CQLConnection
    let cql: String
    let values: [BoundValue]
    let consistency: Consistency
    let pageSize: Int32

    /// Fetches the pages in order.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let pages: RowPages
        var pagingState: [UInt8]?
        var finished = false

        /// The next page, or nil after the last one.
        public mutating func next() async throws -> Rows? {
            guard !finished else { return nil }
            let page = try await pages.connection.select(pages.cql, values: pages.values, consistency: pages.consistency,
                                                         pageSize: pages.pageSize, pagingState: pagingState)
            pagingState = page.pagingState
            finished = pagingState == nil
            return page
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: self)
    }
}
