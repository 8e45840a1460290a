internal import Foundation

/// Scores as sprio prints them: whole numbers, or two decimals when small.
enum JobNumbers {
  static func score(_ value: Double) -> String {
    abs(value) >= 100 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.2f", value)
  }
}
