import Contracts

/// Step 3: window assignment. Windows are aligned to the epoch: their
/// starts are the multiples of `slide`.
enum Windows {
    /// The starts of the windows holding `ts`, ascending: the last is the
    /// latest multiple of `slide` at or before `ts`; there are `size / slide`.
    static func starts(containing ts: Int64, _ window: WindowSpec) throws -> [Int64] {
        throw NotImplemented(step: 3)
    }
}
