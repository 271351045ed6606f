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

    var outstanding: [Offer] { offers }

    mutating func offer(_ resources: Resources, on agentID: String, to frameworkID: String, now: Int64) throws -> Offer {
        made += 1
        let offer = Offer(id: "\(configuration.idPrefix)-O\(made)", frameworkID: frameworkID, agentID: agentID,
                          resources: resources, offeredAt: now)
        offers.append(offer)
        return offer
    }

    mutating func accept(_ offerIDs: [String], by frameworkID: String, now: Int64) throws -> [Offer] {
        var taken: [Offer] = []
        for id in offerIDs {
            // Not outstanding, or named twice: the second time it is already used.
            guard let offer = offers.first(where: { $0.id == id }), !taken.contains(offer) else { throw OfferError.unknownOffer(id) }
            guard offer.frameworkID == frameworkID else { throw OfferError.notYours(id) }
            guard taken.allSatisfy({ $0.agentID == offer.agentID }) else { throw OfferError.differentAgents }
            taken.append(offer)
        }
        offers.removeAll { offerIDs.contains($0.id) }
        return taken
    }

    mutating func decline(_ offerIDs: [String], by frameworkID: String, refuseSeconds: Double, now: Int64) throws -> [Offer] {
        let declined = offers.filter { offerIDs.contains($0.id) && $0.frameworkID == frameworkID }
        offers.removeAll { declined.contains($0) }
        let until = now + Int64((refuseSeconds * 1000).rounded())
        for offer in declined where until > now {
            filters[AgentFilter(frameworkID: frameworkID, agentID: offer.agentID)] = until
        }
        return declined
    }

    mutating func expire(now: Int64) throws -> [Offer] {
        let timeout = configuration.offerTimeoutMs
        return take { now - $0.offeredAt >= timeout }
    }

    mutating func rescind(agentID: String) throws -> [Offer] {
        take { $0.agentID == agentID }
    }

    mutating func rescind(frameworkID: String) throws -> [Offer] {
        filters = filters.filter { $0.key.frameworkID != frameworkID }
        return take { $0.frameworkID == frameworkID }
    }

    func isFiltered(frameworkID: String, agentID: String, now: Int64) throws -> Bool {
        guard let until = filters[AgentFilter(frameworkID: frameworkID, agentID: agentID)] else { return false }
        return now < until
    }

    mutating func revive(frameworkID: String) throws {
        filters = filters.filter { $0.key.frameworkID != frameworkID }
    }

    /// Removes and returns the offers matching `condition`, oldest first.
    private mutating func take(where condition: (Offer) -> Bool) -> [Offer] {
        let taken = offers.filter(condition)
        offers.removeAll(where: condition)
        return taken
    }
}
