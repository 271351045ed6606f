import Contracts
import Foundation

extension ChirpToolkit {
    /// Given: every field an event may have; which ones must be there depends on `type`.
    struct Fields: Decodable {
        var id: String?
        var type: String?
        var user: Int64?
        var ts: Int64?
        var text: String?
        var post: String?
        var followee: Int64?
    }

    /// Step 3: the event one line of JSON describes. Key order, spaces and
    /// unknown extra fields do not matter. Anything that is not a valid
    /// event throws an `EventDecodingError` naming the field at fault.
    public func decode(_ line: String) throws -> ChirpEvent {
        throw NotImplemented(step: 3)
    }
}
