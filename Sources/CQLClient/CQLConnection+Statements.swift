import CQLProtocol

/// The statements: QUERY, PREPARE, EXECUTE, BATCH, USE and REGISTER.
extension CQLConnection {
    /// Runs `cql` with positional `values`. Pass `pageSize` to page a
    /// SELECT and `pagingState` (from the previous page's `Rows.pagingState`)
    /// for the next page; `timeout` (as the drivers' per-statement timeout)
    /// instead of the configuration's `requestTimeout`.
    public func query(_ cql: String, values: [BoundValue] = [], consistency: Consistency = .localOne,
                      pageSize: Int32? = nil, pagingState: [UInt8]? = nil, timeout: Duration? = nil) async throws -> ResultMessage {
        let parameters = QueryParameters(consistency: consistency, values: values, pageSize: pageSize, pagingState: pagingState)
        return try result(of: try await send(.query(cql, parameters), timeout: timeout ?? configuration.requestTimeout), "QUERY")
    }

    /// Runs a SELECT and returns its rows (one page when `pageSize` is set).
    public func select(_ cql: String, values: [BoundValue] = [], consistency: Consistency = .localOne,
                       pageSize: Int32? = nil, pagingState: [UInt8]? = nil) async throws -> Rows {
        try rows(of: try await query(cql, values: values, consistency: consistency, pageSize: pageSize,
                                     pagingState: pagingState), "QUERY")
    }

    /// Runs a SELECT `pageSize` rows at a time, following the paging state,
    /// and returns every row (with the first page's columns).
    public func selectAll(_ cql: String, values: [BoundValue] = [], consistency: Consistency = .localOne,
                          pageSize: Int32 = 5_000) async throws -> Rows {
        var all: Rows?
        for try await page in pages(cql, values: values, consistency: consistency, pageSize: pageSize) {
            if all == nil { all = Rows(metadata: RowsMetadata(columns: page.columns), rows: []) }
            all!.rows += page.rows
        }
        return all!
    }

    /// The pages of a SELECT, `pageSize` rows at a time: each is fetched
    /// when the previous one has been taken.
    public nonisolated func pages(_ cql: String, values: [BoundValue] = [], consistency: Consistency = .localOne,
                                  pageSize: Int32 = 5_000) -> RowPages {
        RowPages(connection: self, cql: cql, values: values, consistency: consistency, pageSize: pageSize)
    }

    /// Prepares `cql`; EXECUTE it by the result's `id`.
    public func prepare(_ cql: String) async throws -> PreparedResult {
        guard case .prepared(let prepared) = try result(of: try await send(.prepare(cql)), "PREPARE") else {
            throw CQLClientError.unexpectedResponse("PREPARE was not answered with a Prepared result")
        }
        return prepared
    }

    /// Runs the prepared statement `id` with positional `values`.
    public func execute(_ id: [UInt8], values: [BoundValue] = [], consistency: Consistency = .localOne,
                        pageSize: Int32? = nil, pagingState: [UInt8]? = nil) async throws -> ResultMessage {
        let parameters = QueryParameters(consistency: consistency, values: values, pageSize: pageSize, pagingState: pagingState)
        return try result(of: try await send(.execute(id: id, parameters)), "EXECUTE")
    }

    /// Runs `batch`.
    public func batch(_ batch: BatchMessage) async throws -> ResultMessage {
        try result(of: try await send(.batch(batch)), "BATCH")
    }

    /// Switches this connection to `keyspace` (`USE "keyspace"`).
    public func use(_ keyspace: String) async throws {
        let quoted = "\"" + keyspace.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
        guard case .setKeyspace = try await query("USE \(quoted)") else {
            throw CQLClientError.unexpectedResponse("USE was not answered with Set_keyspace")
        }
    }

    /// Asks for `types` of events; they arrive on `events`.
    public func register(_ types: [EventType] = EventType.allCases) async throws {
        guard case .ready = try await send(.register(types)) else {
            throw CQLClientError.unexpectedResponse("REGISTER was not answered with READY")
        }
    }

    private func result(of response: ResponseMessage, _ request: String) throws -> ResultMessage {
        guard case .result(let result) = response else {
            throw CQLClientError.unexpectedResponse("\(request) was answered with \(response.opcode)")
        }
        return result
    }

    private func rows(of result: ResultMessage, _ request: String) throws -> Rows {
        guard case .rows(let rows) = result else {
            throw CQLClientError.unexpectedResponse("\(request) returned a result of kind \(result.kind), not Rows")
        }
        return rows
    }
}
