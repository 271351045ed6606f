import Contracts
import LabKit

extension SchedulerSuite {
    /// Step 3: the DRF allocator.
    static let drfStep = Step<any SchedulerLab>(
        3, "The DRF allocator",
        file: "Labs/Scheduler/DRF.swift", function: "DRF.dominantShare, DRF.allocate",
        hints: [
            "dominantShare: for each scalar in allocated, used ÷ total[scalar: name] (skip names whose total is 0); the answer is the largest, 0 for nothing.",
            "allocate: copy round.frameworks into a var, because each allocation changes a framework's share before the next agent is handed out. For each agent with free resources (skip agent.free.isEmpty): among frameworks that are not suppressed and not in round.filters for this agent, pick the lowest dominantShare(allocated, of: round.total) ÷ weight; on a tie, the smaller id.",
            "After choosing, append Allocation(frameworkID:agentID:resources: agent.free) and add agent.free to that framework's allocated (your step-1 adding).",
        ],
        reading: "Labs/Scheduler/README.md#step-3-the-drf-allocator"
    ) { lab, _ in
        let total = r("cpus:9;mem:18432")
        let share = try attempt("dominantShare") { try lab.dominantShare(r("cpus:3;mem:2048"), of: total) }
        try expect(abs(share - 1.0 / 3) < 1e-9, "dominantShare(cpus:3;mem:2048, of: \(total)) returned \(share), expected 0.3333 (3 of 9 CPUs beats 2 of 18 GB)")
        let memory = try lab.dominantShare(r("cpus:1;mem:12288;gpus:1"), of: total)
        try expect(abs(memory - 2.0 / 3) < 1e-9, "dominantShare(cpus:1;mem:12288;gpus:1, of: \(total)) returned \(memory), expected 0.6667 (no gpus in the total: skip them)")
        try expectEqual(try lab.dominantShare(.none, of: total), 0, "dominantShare(nothing, of: \(total))")

        // One round over two agents: the first agent raises A's share, so the second goes to B.
        let round = AllocationRound(
            total: r("cpus:8;mem:8192"),
            agents: [AllocatorAgent(id: "a1", free: r("cpus:2;mem:2048")), AllocatorAgent(id: "a2", free: r("cpus:2;mem:2048")),
                     AllocatorAgent(id: "a3", free: .none)],
            frameworks: [AllocatorFramework(id: "B", allocated: r("cpus:1")), AllocatorFramework(id: "A")])
        try expectEqual(try attempt("allocate") { try lab.allocate(round) }.map(\.description),
                        ["cpus:2;mem:2048 on a1 → A", "cpus:2;mem:2048 on a2 → B"],
                        "allocate(a1 and a2 free, A holding nothing, B holding cpus:1; a3 has nothing free)")
        var skipping = round
        skipping.frameworks[1].suppressed = true
        skipping.filters = [AgentFilter(frameworkID: "B", agentID: "a1")]
        try expectEqual(try lab.allocate(skipping).map(\.description), ["cpus:2;mem:2048 on a2 → B"],
                        "allocate with A suppressed and B filtered on a1 (nobody may have a1)")
        let tie = AllocationRound(total: r("cpus:4"), agents: [AllocatorAgent(id: "a1", free: r("cpus:1"))],
                                  frameworks: [AllocatorFramework(id: "fw-2"), AllocatorFramework(id: "fw-1")])
        try expectEqual(try lab.allocate(tie).map(\.frameworkID), ["fw-1"], "allocate with two frameworks at share 0 (a tie goes to the smaller id)")

        // The DRF paper's example, through offers: each framework launches one task per offer.
        let paper = try simulate(lab, agent: total, demands: [("A", r("cpus:1;mem:4096"), 1), ("B", r("cpus:3;mem:1024"), 1)])
        try expectEqual(paper, ["A": 3, "B": 2],
                        "tasks launched on 9 CPUs and 18 GB with A's tasks ⟨1 CPU, 4 GB⟩ and B's ⟨3 CPUs, 1 GB⟩ (the DRF paper: A runs 3, B runs 2, both at a dominant share of 2/3)")
        let weighted = try simulate(lab, agent: r("cpus:12"), demands: [("A", r("cpus:1"), 2), ("B", r("cpus:1"), 1)])
        try expectEqual(weighted, ["A": 8, "B": 4], "tasks launched on 12 CPUs, both needing 1 CPU a task, A with weight 2 (twice B's share)")
    }

    /// Allocation rounds on one agent until nothing is offered: the framework
    /// offered the agent's free resources launches one task if its task fits,
    /// else declines (and is filtered). Returns the tasks each launched.
    static func simulate(_ lab: any SchedulerLab, agent: Resources,
                         demands: [(id: String, task: Resources, weight: Double)]) throws -> [String: Int] {
        var free = agent
        var frameworks = demands.map { AllocatorFramework(id: $0.id, weight: $0.weight) }
        var filters: Set<AgentFilter> = []
        var launched: [String: Int] = [:]
        for _ in 0..<100 {
            let round = AllocationRound(total: agent, agents: [AllocatorAgent(id: "a1", free: free)], frameworks: frameworks, filters: filters)
            guard let allocation = try lab.allocate(round).first else { return launched }
            let index = frameworks.firstIndex { $0.id == allocation.frameworkID }!
            let task = demands[index].task
            if let rest = try lab.subtracting(task, from: allocation.resources) {
                free = rest
                frameworks[index].allocated = try lab.adding(frameworks[index].allocated, task)
                launched[allocation.frameworkID, default: 0] += 1
            } else {
                filters.insert(AgentFilter(frameworkID: allocation.frameworkID, agentID: "a1"))
            }
        }
        throw CheckFailure("allocate kept offering for 100 rounds: it should offer nothing once every framework is filtered")
    }
}
