import Contracts

/// The warm-up lab: the Chirp event format written by hand.
/// Each step's functions are in a file of their own; start with Entities.swift.
public struct ChirpToolkit: WarmupLab {
    public init() {}
}
