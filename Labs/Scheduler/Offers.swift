import Contracts

/// Step 2: the book of outstanding offers, and the filters declines install.
struct Offers: OfferBook {
    let configuration: OfferBookConfiguration
    private var offers: [Offer] = []
    private var made = 0
    /// Until when (ms) each (framework, agent) pair is filtered.
    private var filters: [AgentFilter: Int64] = [:]

    init(_ configuration: OfferBookConfiguration) {
        self.configuration = configuration
    }

    /// Every outstanding offer, oldest first.
    var outstanding: [Offer] { offers }

    /// A new offer, id "<idPrefix>-O<n>" with n = 1, 2, 3, …, kept in the book.
    mutating func offer(_ resources: Resources, on agentID: String, to frameworkID: String, now: Int64) throws -> Offer {
        throw NotImplemented(step: 2)
    }

    /// Takes the offers out: all of them, or none (throw OfferError: an id not
    /// outstanding or named twice, another framework's offer, offers on different agents).
    mutating func accept(_ offerIDs: [String], by frameworkID: String, now: Int64) throws -> [Offer] {
        throw NotImplemented(step: 2)
    }

    /// Takes the framework's offers among the ids out and filters their agents
    /// for that framework until now + refuseSeconds × 1000 (now is in ms).
    mutating func decline(_ offerIDs: [String], by frameworkID: String, refuseSeconds: Double, now: Int64) throws -> [Offer] {
        throw NotImplemented(step: 2)
    }

    /// Removes and returns the offers made at least offerTimeoutMs before `now`.
    mutating func expire(now: Int64) throws -> [Offer] {
        throw NotImplemented(step: 2)
    }

    /// Removes and returns every offer on `agentID`.
    mutating func rescind(agentID: String) throws -> [Offer] {
        throw NotImplemented(step: 2)
    }

    /// Removes and returns every offer to `frameworkID`, and drops its filters.
    mutating func rescind(frameworkID: String) throws -> [Offer] {
        throw NotImplemented(step: 2)
    }

    /// True while a filter keeps `agentID` from `frameworkID`.
    func isFiltered(frameworkID: String, agentID: String, now: Int64) throws -> Bool {
        throw NotImplemented(step: 2)
    }

    /// Drops every filter of `frameworkID`.
    mutating func revive(frameworkID: String) throws {
        throw NotImplemented(step: 2)
    }
}
