import Foundation

extension TermConverter {
    /// The native functions a term may call: `now()`, `uuid()`,
    /// `currentTimestamp()`, `currentDate()`, `currentTime()`,
    /// `currentTimeUUID()`, `toTimestamp(x)`, `toDate(x)`,
    /// `toUnixTimestamp(x)`, `minTimeuuid(t)`, `maxTimeuuid(t)`, and the
    /// `typeAsBlob(x)` / `blobAsType(b)` conversions. Returns the value and its type.
    func evaluate(_ name: String, _ arguments: [Term], for receiver: String) throws(InvalidRequest) -> (CQLValue, CQLType) {
        let nowMilliseconds = Int64((clock().timeIntervalSince1970 * 1000).rounded(.down))
        func noArguments() throws(InvalidRequest) {
            guard arguments.isEmpty else { throw InvalidRequest("Invalid number of arguments in call to function system.\(name): 0 required but \(arguments.count) provided") }
        }
        /// The single argument, as the first of `types` it converts to.
        func argument(_ types: [CQLType]) throws(InvalidRequest) -> CQLValue {
            guard arguments.count == 1 else { throw InvalidRequest("Invalid number of arguments in call to function system.\(name): 1 required but \(arguments.count) provided") }
            var lastError = InvalidRequest("Invalid argument for function system.\(name)")
            for type in types {
                do {
                    return try requiredValue(of: arguments[0], as: type, for: "arg0(system.\(name))")
                } catch {
                    lastError = error
                }
            }
            throw lastError
        }
        switch name {
        case "now", "currenttimeuuid":
            try noArguments()
            return (.timeuuid(TimeUUID.make(date: clock())), .timeuuid)
        case "uuid":
            try noArguments()
            return (.uuid(UUID()), .uuid)
        case "currenttimestamp":
            try noArguments()
            return (.timestamp(nowMilliseconds), .timestamp)
        case "currentdate":
            try noArguments()
            return (.date(Int32(CivilTime.floorDivide(nowMilliseconds, 86_400_000).0)), .date)
        case "currenttime":
            try noArguments()
            return (.time(CivilTime.floorDivide(nowMilliseconds, 86_400_000).1 * 1_000_000), .time)
        case "totimestamp", "dateof", "tounixtimestamp", "unixtimestampof", "todate":
            let ms: Int64
            switch try argument([.timeuuid, .timestamp, .date]) {
            case .timeuuid(let id): ms = TimeUUID.milliseconds(of: id)
            case .timestamp(let t): ms = t
            case .date(let days): ms = Int64(days) * 86_400_000
            default: throw InvalidRequest("Invalid argument for function system.\(name)")
            }
            switch name {
            case "todate": return (.date(Int32(CivilTime.floorDivide(ms, 86_400_000).0)), .date)
            case "tounixtimestamp", "unixtimestampof": return (.bigint(ms), .bigint)
            default: return (.timestamp(ms), .timestamp)
            }
        case "mintimeuuid", "maxtimeuuid":
            guard case .timestamp(let ms) = try argument([.timestamp]) else { throw InvalidRequest("Invalid argument for function system.\(name)") }
            return (.timeuuid(name == "mintimeuuid" ? TimeUUID.min(milliseconds: ms) : TimeUUID.max(milliseconds: ms)), .timeuuid)
        default:
            if name.hasSuffix("asblob"), let type = Self.nativeType(String(name.dropLast(6))) {
                let value = try argument([type])
                do {
                    return (.blob(try value.serialized(as: type)), .blob)
                } catch {
                    throw InvalidRequest(error.message)
                }
            }
            if name.hasPrefix("blobas"), let type = Self.nativeType(String(name.dropFirst(6))) {
                guard case .blob(let bytes) = try argument([.blob]) else { throw InvalidRequest("Invalid argument for function system.\(name)") }
                do {
                    return (try CQLValue.deserialize(bytes, as: type), type)
                } catch {
                    throw InvalidRequest(error.message)
                }
            }
            throw InvalidRequest("Unknown function '\(name)'")
        }
    }

    static func nativeType(_ name: String) -> CQLType? {
        let types: [CQLType] = [.ascii, .bigint, .blob, .boolean, .counter, .date, .decimal, .double, .float, .inet, .int,
                                .smallint, .text, .time, .timestamp, .timeuuid, .tinyint, .uuid, .varint]
        if name == "varchar" { return .text }
        return types.first { $0.description == name }
    }
}
