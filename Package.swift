// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "suanli",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "SuanliCore", targets: ["SuanliCore"]),
    .executable(name: "suanli-bench", targets: ["suanli-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    // The pure, deterministic scheduling core: no I/O, no clock, no logging.
    .target(
      name: "SuanliCore",
      dependencies: [
        .product(name: "DequeModule", package: "swift-collections"),
        .product(name: "HeapModule", package: "swift-collections"),
      ],
      swiftSettings: strict
    ),
    // Benchmarks as a command that prints figures (release mode).
    .executableTarget(
      name: "suanli-bench",
      dependencies: [
        "SuanliCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict
    ),
    .testTarget(
      name: "SuanliCoreTests",
      dependencies: [
        "SuanliCore",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: strict
    ),
  ]
)
