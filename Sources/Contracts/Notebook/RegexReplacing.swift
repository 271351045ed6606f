import Foundation

extension String {
    /// This text with every match of the regular expression `pattern`
    /// (case-insensitive, `.` matching newlines too) replaced by what
    /// `replacement` makes of the matched text. The notebook lab's sanitizer
    /// works with it.
    public func replacingMatches(of pattern: String, _ replacement: (String) throws -> String) rethrows -> String {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive, .dotMatchesLineSeparators])
        var result = ""
        var last = startIndex
        for match in regex.matches(in: self, range: NSRange(startIndex..., in: self)) {
            guard let range = Range(match.range, in: self) else { continue }
            result += self[last..<range.lowerBound]
            result += try replacement(String(self[range]))
            last = range.upperBound
        }
        return result + self[last...]
    }
}
