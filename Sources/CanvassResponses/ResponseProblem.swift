public import CanvassForms

/// Something wrong with a response, named by question; the message never repeats the answer itself.
public struct ResponseProblem: Sendable, Hashable, CustomStringConvertible {
    /// The question's id (or, for a repeat section's count, the section's id).
    public var question: String
    /// The number people see beside the question, if it has one.
    public var number: Int?
    /// For a question in a repeat section: which instance, from 1.
    public var instance: Int?
    /// For a matrix: the item.
    public var item: String?
    /// What is wrong and how to put it right.
    public var message: String

    /// Creates a problem.
    public init(question: String, number: Int? = nil, instance: Int? = nil, item: String? = nil, message: String) {
        self.question = question
        self.number = number
        self.instance = instance
        self.item = item
        self.message = message
    }

    /// Where the problem is, in words: "question 3 (bid_staff_days), tender 2".
    public func place(noun: String = "item") -> String {
        var place = number.map { "question \($0) (\(question))" } ?? question
        if let item { place += ", statement \(item)" }
        if let instance { place += ", \(noun) \(instance)" }
        return place
    }

    public var description: String { "\(place()): \(message)" }

    /// The problem as the `{question, message}` object the collector's 400 answer lists.
    public var json: JSONValue {
        var members: [String: JSONValue] = ["question": .string(question), "message": .string(message)]
        if let number { members["number"] = .number(Double(number)) }
        if let instance { members["instance"] = .number(Double(instance)) }
        if let item { members["item"] = .string(item) }
        return .object(members)
    }
}
