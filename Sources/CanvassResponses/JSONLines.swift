public import Foundation

/// JSON Lines: one response per line, each its canonical JSON, for exports and bulk reading.
public enum JSONLines {
    /// A line that is not a valid response.
    public struct LineError: Error, Sendable, CustomStringConvertible {
        /// The 1-based line number.
        public var line: Int
        /// What is wrong with it (never its content).
        public var message: String

        public var description: String { "line \(line): \(message)" }
    }

    /// The responses as JSON Lines text, one canonical object per line.
    public static func text(of responses: some Sequence<Response>) -> String {
        responses.map { $0.canonicalText + "\n" }.joined()
    }

    /// Reads responses from JSON Lines, one at a time, without holding the whole input as objects.
    ///
    /// Blank lines are skipped; `body` gets each response or the error for its line, and returns `false` to stop.
    public static func read(
        _ data: Data, _ body: (Result<Response, LineError>) throws -> Bool
    ) rethrows {
        var line = 0
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0x0A) ?? data.endIndex
            line += 1
            var bytes = data[start..<end]
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            start = end < data.endIndex ? data.index(after: end) : end
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let result: Result<Response, LineError>
            do {
                result = .success(try Response(parsing: bytes))
            } catch {
                result = .failure(LineError(line: line, message: error.message))
            }
            guard try body(result) else { return }
        }
    }

    /// Reads every response, or throws the first bad line.
    public static func responses(in data: Data) throws(LineError) -> [Response] {
        var responses: [Response] = []
        var failure: LineError?
        read(data) { result in
            switch result {
            case .success(let response): responses.append(response)
            case .failure(let error): failure = error
            }
            return failure == nil
        }
        if let failure { throw failure }
        return responses
    }
}
