import Contracts

/// Step 3: Dominant Resource Fairness (Ghodsi et al., NSDI 2011), as Mesos'
/// hierarchical allocator applies it to whole agents.
enum DRF {
    /// The largest share of any scalar resource `allocated` holds of `total`.
    static func dominantShare(_ allocated: Resources, of total: Resources) throws -> Double {
        var share = 0.0
        for (name, used) in allocated.scalars {
            let available = total[scalar: name]
            guard available > 0 else { continue }
            share = max(share, used / available)
        }
        return share
    }

    /// Each agent's free resources go whole to the eligible framework with the
    /// lowest weighted dominant share (ties: the smaller id), which then holds more.
    static func allocate(_ round: AllocationRound) throws -> [Allocation] {
        var frameworks = round.frameworks
        var allocations: [Allocation] = []
        for agent in round.agents where !agent.free.isEmpty {
            var best: (index: Int, share: Double)?
            for (index, framework) in frameworks.enumerated() {
                guard !framework.suppressed, framework.weight > 0,
                      !round.filters.contains(AgentFilter(frameworkID: framework.id, agentID: agent.id)) else { continue }
                let share = try dominantShare(framework.allocated, of: round.total) / framework.weight
                if let current = best,
                   share > current.share || (share == current.share && framework.id >= frameworks[current.index].id) {
                    continue
                }
                best = (index, share)
            }
            guard let chosen = best?.index else { continue }
            allocations.append(Allocation(frameworkID: frameworks[chosen].id, agentID: agent.id, resources: agent.free))
            frameworks[chosen].allocated = try ResourceMath.adding(frameworks[chosen].allocated, agent.free)
        }
        return allocations
    }
}
