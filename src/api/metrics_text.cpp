// metrics_text.cpp - the exposition format, line by line.
//
// Limits: see metrics_text.hpp.
#include "api/metrics_text.hpp"

#include <fmt/format.h>

#include <cmath>

namespace tattler::api {

// format_value - integers stay integers so counters read naturally.
std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<std::int64_t>(value));
  }
  return fmt::format("{}", value);
}

// escape_label_value - the three escapes the format defines.
std::string escape_label_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void MetricsText::family(std::string_view name, std::string_view type,
                         std::string_view help) {
  text_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void MetricsText::sample(std::string_view name, const Labels& labels,
                         double value) {
  text_ += name;
  if (!labels.empty()) {
    text_ += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i) text_ += ',';
      text_ += fmt::format("{}=\"{}\"", labels[i].first,
                           escape_label_value(labels[i].second));
    }
    text_ += '}';
  }
  text_ += ' ';
  text_ += format_value(value);
  text_ += '\n';
}

// observe - the first bucket whose bound holds the value, else +Inf.
void Histogram::observe(std::int64_t micros) {
  const double seconds = static_cast<double>(micros) / 1e6;
  size_t slot = kBuckets;
  for (size_t i = 0; i < kBuckets; ++i) {
    if (seconds <= kBounds[i]) {
      slot = i;
      break;
    }
  }
  counts_[slot].fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(micros, std::memory_order_relaxed);
}

// write - cumulative buckets; _count is the +Inf bucket, so they agree
// even while observations arrive.
void Histogram::write(MetricsText& out, std::string_view name,
                      const Labels& labels) const {
  const std::string bucket = fmt::format("{}_bucket", name);
  std::uint64_t cumulative = 0;
  for (size_t i = 0; i <= kBuckets; ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    std::string le = i < kBuckets ? format_value(kBounds[i]) : "+Inf";
    Labels with_le = labels;
    with_le.emplace_back("le", le);
    out.sample(bucket, with_le, static_cast<double>(cumulative));
  }
  out.sample(
      fmt::format("{}_sum", name), labels,
      static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6);
  out.sample(fmt::format("{}_count", name), labels,
             static_cast<double>(cumulative));
}

}  // namespace tattler::api
