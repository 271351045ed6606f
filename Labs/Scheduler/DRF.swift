import Contracts

/// Step 3: Dominant Resource Fairness (Ghodsi et al., NSDI 2011), as Mesos'
/// hierarchical allocator applies it to whole agents.
enum DRF {
    /// The largest share of any scalar resource `allocated` holds of `total`
    /// (used ÷ total, skipping resources `total` has none of).
    static func dominantShare(_ allocated: Resources, of total: Resources) throws -> Double {
        throw NotImplemented(step: 3)
    }

    /// Each agent (in order) with free resources: they go whole to the framework
    /// with the lowest dominantShare ÷ weight (ties: the smaller id), skipping
    /// suppressed and filtered ones; that framework then holds them too.
    static func allocate(_ round: AllocationRound) throws -> [Allocation] {
        throw NotImplemented(step: 3)
    }
}
