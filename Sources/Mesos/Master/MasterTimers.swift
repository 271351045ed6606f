import Contracts
import Foundation

extension Master {
    /// Runs the master's clocks until cancelled: offer timeouts, status
    /// update retries, agent health, recovery and failover deadlines,
    /// framework heartbeats and the allocator.
    public func runTimers() async {
        while !Task.isCancelled {
            tick(now: Master.now())
            try? await Task.sleep(for: .milliseconds(configuration.tickMs))
        }
    }

    func tick(now: Int64) {
        for offer in labCall("expiring offers", { try offerBook.expire(now: now) }) ?? [] {
            frameworks[offer.frameworkID]?.send(.rescind(offer.id))
        }
        for status in labCall("retrying status updates", { try statusUpdates.due(now: now) }) ?? [] { deliver(status) }
        for agentID in labCall("finding unreachable agents", { try monitor.unreachable(now: now) }) ?? [] {
            removeAgent(agentID, reason: "missed \(configuration.maxMissedHeartbeats) heartbeats")
        }
        if now - startedAt >= configuration.agentReregisterTimeoutMs {
            for agentID in recovering.keys.sorted() { removeAgent(agentID, reason: "did not re-register after the master restarted") }
        }
        for framework in frameworks.values {
            guard let since = framework.disconnectedAt else { continue }
            var timeout = Int64((framework.info.failoverTimeout ?? 0) * 1000)
            if since == startedAt { timeout = max(timeout, configuration.agentReregisterTimeoutMs) }  // recovered from the registry
            if now - since >= timeout { teardown(framework.id) }
        }
        if now - lastFrameworkHeartbeat >= configuration.frameworkHeartbeatMs {
            lastFrameworkHeartbeat = now
            for framework in frameworks.values { framework.send(.heartbeat) }
        }
        if now - lastAllocation >= configuration.allocationIntervalMs {
            lastAllocation = now
            allocate(now: now)
        }
    }

    /// One allocation round: the lab's DRF allocator decides, the offer book
    /// records, and each framework gets its offers in one OFFERS event.
    func allocate(now: Int64) {
        let connected = frameworks.values.filter(\.isConnected).sorted { $0.id < $1.id }
        guard !connected.isEmpty else { return }
        let outstanding = offerBook.outstanding
        var pool: [AllocatorAgent] = []
        var total = Resources.none
        for agent in agents.values.sorted(by: { $0.id < $1.id }) {
            total = labCall("adding agent resources", { try lab.adding(total, agent.total) }) ?? total
            guard agent.stream != nil else { continue }
            let used = tasks.values.filter { $0.agentID == agent.id && !$0.status.state.isTerminal }.map(\.resources)
                + outstanding.filter { $0.agentID == agent.id }.map(\.resources)
            var free: Resources? = agent.total
            for resources in used {
                guard let current = free else { break }
                free = labCall("subtracting used resources", { try lab.subtracting(resources, from: current) }) ?? nil
            }
            if let free, !free.isEmpty { pool.append(AllocatorAgent(id: agent.id, free: free)) }
        }
        guard !pool.isEmpty else { return }
        var entrants: [AllocatorFramework] = []
        var filters: Set<AgentFilter> = []
        for framework in connected {
            var allocated = Resources.none
            let held = tasks.values.filter { $0.frameworkID == framework.id && !$0.status.state.isTerminal }.map(\.resources)
                + outstanding.filter { $0.frameworkID == framework.id }.map(\.resources)
            for resources in held { allocated = labCall("adding allocated resources", { try lab.adding(allocated, resources) }) ?? allocated }
            entrants.append(AllocatorFramework(id: framework.id, weight: configuration.roleWeights[framework.info.effectiveRole] ?? 1,
                                               allocated: allocated, suppressed: framework.suppressed))
            for agent in pool where labCall("checking filters", { try offerBook.isFiltered(frameworkID: framework.id, agentID: agent.id, now: now) }) == true {
                filters.insert(AgentFilter(frameworkID: framework.id, agentID: agent.id))
            }
        }
        let round = AllocationRound(total: total, agents: pool, frameworks: entrants, filters: filters)
        guard let allocations = labCall("allocating", { try lab.allocate(round) }) else { return }
        var byFramework: [String: [MesosOffer]] = [:]
        for allocation in allocations {
            guard let hostname = agents[allocation.agentID]?.info.hostname,
                  let offer = labCall("making an offer", {
                      try offerBook.offer(allocation.resources, on: allocation.agentID, to: allocation.frameworkID, now: now)
                  }) else { continue }
            byFramework[allocation.frameworkID, default: []].append(MesosOffer(offer, hostname: hostname))
        }
        for (frameworkID, offers) in byFramework { frameworks[frameworkID]?.send(.offers(offers)) }
    }
}
