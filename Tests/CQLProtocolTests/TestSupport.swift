import CQLProtocol
import NIOCore

/// The bytes of `text`.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A buffer holding `bytes`.
func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

/// The readable bytes of `buffer`.
func contents(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

/// Parses hex such as `"84 00 00 01"` (spaces ignored).
func hex(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { !$0.isWhitespace })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// A test's own input was not one whole frame.
struct NotOneFrame: Error {}

/// Decodes exactly one whole frame from `bytes`.
func frame(_ bytes: ByteBuffer) throws -> Frame {
    var input = bytes
    guard let frame = try FrameDecoder.decodeFrame(from: &input, maxFrameBytes: FrameDecoder.defaultMaxFrameBytes),
          input.readableBytes == 0 else { throw NotOneFrame() }
    return frame
}
