import Contracts
import Foundation

extension LogSegment {
    /// Step 5: after a crash the segment's tail may be torn or corrupt.
    /// Checks every batch from the start (length, magic, CRC, offsets that
    /// follow on), cuts the file after the last good one, and rebuilds the
    /// offset index and `nextOffset`.
    func recover() throws {
        try index.removeAll()
        bytesSinceLastIndexEntry = 0
        nextOffset = baseOffset
        var position = 0
        while position < log.size {
            guard let header = try? RecordBatchHeader(try log.read(at: position, count: RecordBatchHeader.size),
                                                      available: log.size - position),
                  header.baseOffset == nextOffset,
                  header.hasValidCRC(in: try log.read(at: position, count: header.batchSize))
            else { break }
            if index.entries.isEmpty || bytesSinceLastIndexEntry >= indexIntervalBytes {
                try index.append(offset: header.baseOffset, position: position)
                bytesSinceLastIndexEntry = 0
            }
            bytesSinceLastIndexEntry += header.batchSize
            nextOffset = header.nextOffset
            position += header.batchSize
        }
        if position < log.size {
            try log.truncate(to: position)
            try log.sync()
        }
    }
}
