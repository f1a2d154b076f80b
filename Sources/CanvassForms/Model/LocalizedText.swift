/// Text shown to people, in one or more languages (`label: Hello` or `label: {en: Hello, cy: Helo}`).
public struct LocalizedText: Sendable, Hashable {
    /// The text keyed by language code, e.g. `en`.
    public var translations: [String: String]
    /// The language used when no other is asked for.
    public var defaultLanguage: String

    /// Text in a single language.
    public init(_ text: String, language: String = "en") {
        self.translations = [language: text]
        self.defaultLanguage = language
    }

    /// Text in several languages.
    public init(translations: [String: String], defaultLanguage: String) {
        self.translations = translations
        self.defaultLanguage = defaultLanguage
    }

    /// The text in `language`, falling back to the default language, then to any text there is.
    public func text(in language: String? = nil) -> String {
        if let language, let text = translations[language] { return text }
        if let text = translations[defaultLanguage] { return text }
        return translations.sorted { $0.key < $1.key }.first?.value ?? ""
    }

    /// The text in the default language.
    public var text: String { text(in: nil) }
}
