// swift-tools-version: 6.1

import PackageDescription

/// Swift 6 upcoming features every Canvass target builds with (as Hummingbird does).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Canvass",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "canvass", targets: ["canvass"]),
        .library(name: "CanvassForms", targets: ["CanvassForms"]),
        .library(name: "CanvassResponses", targets: ["CanvassResponses"]),
        .library(name: "CanvassQuestionnaires", targets: ["CanvassQuestionnaires"]),
        .library(name: "CanvassOutbox", targets: ["CanvassOutbox"]),
        .library(name: "CanvassTransport", targets: ["CanvassTransport"]),
        .library(name: "CanvassCollector", targets: ["CanvassCollector"]),
        .library(name: "CanvassCommands", targets: ["CanvassCommands"]),
        .library(name: "CanvassStats", targets: ["CanvassStats"]),
        .library(name: "CanvassReports", targets: ["CanvassReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "CanvassForms",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassResponses",
            dependencies: ["CanvassForms"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassStats",
            dependencies: ["CanvassForms", "CanvassResponses"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassReports",
            dependencies: ["CanvassStats", "CanvassForms", "CanvassResponses"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CCurl"),
        .target(
            name: "CanvassTransport",
            dependencies: ["CCurl"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassOutbox",
            dependencies: [
                "CanvassResponses", "CanvassTransport", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassQuestionnaires",
            dependencies: ["CanvassForms", "CanvassResponses"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassCollector",
            dependencies: [
                "CanvassForms", "CanvassResponses", "CanvassQuestionnaires",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassCommands",
            dependencies: [
                "CanvassForms",
                "CanvassQuestionnaires",
                "CanvassResponses",
                "CanvassOutbox",
                "CanvassTransport",
                "CanvassCollector",
                "CanvassStats",
                "CanvassReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "canvass",
            dependencies: [
                "CanvassCommands", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "CanvassTesting",
            dependencies: ["CanvassForms", "CanvassCommands"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassFormsTests",
            dependencies: [
                "CanvassForms", "CanvassTesting",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassResponsesTests",
            dependencies: ["CanvassResponses", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassStatsTests",
            dependencies: ["CanvassStats"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassTransportTests",
            dependencies: ["CanvassTransport", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassOutboxTests",
            dependencies: ["CanvassOutbox", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassQuestionnairesTests",
            dependencies: ["CanvassQuestionnaires", "CanvassTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassCommandsTests",
            dependencies: ["CanvassCommands", "CanvassTesting", "CanvassTransport", "CanvassCollector"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CanvassCollectorTests",
            dependencies: [
                "CanvassCollector", "CanvassTesting", "CanvassResponses", "CanvassTransport", "CanvassCommands",
                "CanvassOutbox", "CanvassForms",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
