import Contracts

/// The warm-up lab's answer: the Chirp event format written by hand.
/// Each step's functions are in a file of their own.
public struct ChirpToolkit: WarmupLab {
    public init() {}
}
