/// An offer: some of one agent's free resources, offered to one framework
/// until it accepts or declines them, or the master rescinds them.
public struct Offer: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The offer's id (unique for the master's lifetime).
    public var id: String
    /// The framework the resources are offered to.
    public var frameworkID: String
    /// The agent the resources are on.
    public var agentID: String
    /// What is offered.
    public var resources: Resources
    /// When it was made (ms).
    public var offeredAt: Int64

    public init(id: String, frameworkID: String, agentID: String, resources: Resources, offeredAt: Int64) {
        self.id = id
        self.frameworkID = frameworkID
        self.agentID = agentID
        self.resources = resources
        self.offeredAt = offeredAt
    }

    public var description: String { "\(id) (\(resources) on \(agentID) for \(frameworkID))" }
}

/// How the offer book behaves.
public struct OfferBookConfiguration: Sendable {
    /// An offer neither accepted nor declined after this long is rescinded
    /// (Mesos' `--offer_timeout`).
    public var offerTimeoutMs: Int64
    /// Offer ids are this prefix, then `-O`, then 1, 2, 3, … (the master uses
    /// its run id, so ids never repeat across restarts).
    public var idPrefix: String

    public init(offerTimeoutMs: Int64, idPrefix: String) {
        self.offerTimeoutMs = offerTimeoutMs
        self.idPrefix = idPrefix
    }
}

/// Why a framework's ACCEPT was refused.
public enum OfferError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No outstanding offer has this id (never made, already used, declined or rescinded).
    case unknownOffer(String)
    /// The offer was made to another framework.
    case notYours(String)
    /// The offers accepted together are on different agents.
    case differentAgents

    public var description: String {
        switch self {
        case .unknownOffer(let id): "offer \(id) is not outstanding (used, declined or rescinded)"
        case .notYours(let id): "offer \(id) was made to another framework"
        case .differentAgents: "offers accepted together must all be on one agent"
        }
    }
}

/// The master's book of outstanding offers and of filters (step 2).
///
/// An offered resource is set aside: the master does not offer it again
/// until the offer is accepted (the unused part comes back), declined or
/// rescinded. A decline with `refuseSeconds` also installs a filter: that
/// framework is offered nothing on that agent until the filter expires
/// (Mesos' `Filters.refuse_seconds`).
public protocol OfferBook: Sendable {
    /// Makes an offer of `resources` on `agentID` to `frameworkID` at `now`.
    mutating func offer(_ resources: Resources, on agentID: String, to frameworkID: String, now: Int64) throws -> Offer
    /// Every outstanding offer, oldest first.
    var outstanding: [Offer] { get }
    /// Takes offers out of the book for an ACCEPT: all or none. Throws
    /// `OfferError` when one is not outstanding, belongs to another framework,
    /// or they are on different agents (and then leaves the book unchanged).
    mutating func accept(_ offerIDs: [String], by frameworkID: String, now: Int64) throws -> [Offer]
    /// Takes the framework's outstanding offers among `offerIDs` out of the
    /// book (unknown ids are ignored) and filters their agents for that
    /// framework for `refuseSeconds` from `now`.
    mutating func decline(_ offerIDs: [String], by frameworkID: String, refuseSeconds: Double, now: Int64) throws -> [Offer]
    /// Rescinds (removes and returns) every offer outstanding for at least the offer timeout at `now`.
    mutating func expire(now: Int64) throws -> [Offer]
    /// Rescinds every offer on `agentID` (the agent is gone).
    mutating func rescind(agentID: String) throws -> [Offer]
    /// Rescinds every offer to `frameworkID` and drops its filters (it is gone).
    mutating func rescind(frameworkID: String) throws -> [Offer]
    /// True while a decline's filter keeps `agentID` from `frameworkID`.
    func isFiltered(frameworkID: String, agentID: String, now: Int64) throws -> Bool
    /// Drops every filter of `frameworkID` (its REVIVE call).
    mutating func revive(frameworkID: String) throws
}
