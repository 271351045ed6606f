import Contracts
import Foundation

/// Step 6: checkpoints, one file per micro-batch, each whole or absent.
///
/// A checkpoint file is `<batchId, 20 digits>.checkpoint`: a CRC-32C of the
/// JSON (4 bytes, big-endian) then the JSON. It is written to a temporary
/// name, fsynced, renamed into place (rename is atomic), and the directory is
/// fsynced so the new name survives a crash. Older checkpoints are removed
/// once the new one is durable, keeping one spare.
struct Checkpoints {
    let directory: URL
    static let suffix = ".checkpoint"
    /// How many checkpoints to keep (the newest, and one to fall back on).
    static let kept = 2

    func write(_ checkpoint: StreamCheckpoint) throws {
        throw NotImplemented(step: 6)
    }

    /// The newest checkpoint whose checksum holds.
    func latest() throws -> StreamCheckpoint? {
        throw NotImplemented(step: 6)
    }
}
