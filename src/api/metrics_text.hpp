// metrics_text.hpp - writing the Prometheus text exposition format 0.0.4.
//
// Offers MetricsText, which appends metric families to a string: a
// "# HELP" and "# TYPE" line per family, then one line per sample with its
// labels (values escaped as the format asks), and Histogram, a fixed-bucket
// histogram made of relaxed atomics that writes its cumulative _bucket
// lines, _sum and _count.
//
// We write the format ourselves instead of using prometheus-cpp: every
// label set here is known when the server starts (routes, methods, vectors,
// states), so counters are flat arrays of atomics indexed by enum, with no
// registry look-up or family lock on the request path, and the format is a
// few lines of text.
//
// Limits: no timestamps on samples, no summaries, no OpenMetrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tattler::api {

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

class MetricsText {
 public:
  // family - the HELP and TYPE lines; type is "counter", "gauge" or
  // "histogram".
  void family(std::string_view name, std::string_view type,
              std::string_view help);

  // sample - one "name{labels} value" line.
  void sample(std::string_view name, const Labels& labels, double value);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// format_value - a sample value as the format writes it: integers without
// a fraction, +Inf, -Inf, NaN.
std::string format_value(double value);

// escape_label_value - backslash, double quote and new line escaped.
std::string escape_label_value(std::string_view value);

// Histogram - observations in seconds against fixed upper bounds.
// Thread-safe; observe() is two relaxed atomic additions.
class Histogram {
 public:
  static constexpr size_t kBuckets = 16;
  // Upper bounds in seconds, from a fast local SMTP hand-over to an hour
  // of retries.
  static constexpr std::array<double, kBuckets> kBounds = {
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
      2.5,   5,    10,    30,   60,  300,  900, 3600};

  // observe - count one observation of `micros` microseconds.
  void observe(std::int64_t micros);

  // write - the _bucket (cumulative, ending with +Inf), _sum and _count
  // lines under `name`, each with `labels` plus le.
  void write(MetricsText& out, std::string_view name,
             const Labels& labels) const;

 private:
  // Per bucket, not cumulative (the last slot is +Inf); summed on write.
  std::array<std::atomic<std::uint64_t>, kBuckets + 1> counts_{};
  std::atomic<std::int64_t> sum_micros_{0};
};

}  // namespace tattler::api
