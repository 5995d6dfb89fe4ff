// robustness_test.cpp - malformed templates never crash or hang the engine:
// every prefix of a set of real templates, random byte flips, and
// pathological nesting must come back as a value or an error.
//
// Limits: a deterministic pseudo-random sample, not an exhaustive fuzzer.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "templates/jinja/engine.hpp"

namespace tattler::jinja {
namespace {

const std::vector<std::string> kSeeds = {
    "{% extends base_template %}{% block body %}{{ super() }}{% endblock %}",
    "{% for k, v in d.items() if v %}{{ loop.index }}:{{ k|upper }}"
    "{% else %}none{% endfor %}",
    "{% macro m(a, b=2) %}{{ caller(a) }}{% endmacro %}"
    "{% call(x) m(1) %}[{{ x }}]{% endcall %}",
    "{{ 'a%sb'|format(1) ~ [1, 2][1:] ~ {'k': (1, 2)}['k'][0] }}",
    "{% set ns = namespace(n=0) %}{% raw %}{{ raw }}{% endraw %}"
    "{# c #}{{- x if y else z -}}{% filter upper %}f{% endfilter %}",
};

// outcome - render `src`; any Result is fine, a crash or hang is not.
void outcome(const std::string& src) {
  Options options;
  options.max_loop_iterations = 10000;
  auto t = compile(src, "fuzz", options);
  if (!t.ok()) {
    EXPECT_FALSE(t.error().empty());
    return;
  }
  Dict ctx;
  ctx.set("d", Value(Dict()));
  auto out = render(*t.value(), ctx);
  if (!out.ok()) {
    EXPECT_FALSE(out.error().empty());
  }
}

TEST(Robustness, EveryPrefixOfRealTemplatesIsHandled) {
  for (const std::string& seed : kSeeds) {
    for (size_t n = 0; n <= seed.size(); ++n) outcome(seed.substr(0, n));
  }
}

TEST(Robustness, RandomByteFlipsAreHandled) {
  std::mt19937 rng(12345);
  const std::string alphabet = "{}%#-+()[]'\"|.,:=~*/ abcxyz0123456789\n\\";
  for (int round = 0; round < 3000; ++round) {
    std::string s = kSeeds[rng() % kSeeds.size()];
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      s[rng() % s.size()] = alphabet[rng() % alphabet.size()];
    }
    outcome(s);
  }
}

TEST(Robustness, PathologicalNestingIsAnError) {
  std::string parens = "{{ " + std::string(100000, '(') + "1 }}";
  std::string nots = "{{ ";
  for (int i = 0; i < 50000; ++i) nots += "not ";
  nots += "1 }}";
  std::string ifs;
  for (int i = 0; i < 20000; ++i) ifs += "{% if 1 %}";

  for (const std::string& src : {parens, nots, ifs}) {
    auto t = compile(src, "deep");
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().find("deep:"), std::string::npos);
  }
}

TEST(Robustness, PathologicallyLongChainsAreAnError) {
  // Chains are parsed in loops but make trees as deep as they are long.
  auto chain = [](const std::string& link) {
    std::string src = "{{ x";
    for (int i = 0; i < 100000; ++i) src += link;
    return src + " }}";
  };
  std::vector<std::string> sources = {chain("|e"), chain(".a"), chain("[0]"),
                                      chain("()"), chain(" + 1"),
                                      chain(" * 2"), chain(" ** 2"),
                                      chain(" or 1"), chain(" and 1"),
                                      chain(" if 1 else 2")};

  for (const std::string& src : sources) {
    auto t = compile(src, "long");
    ASSERT_FALSE(t.ok()) << src.substr(0, 20);
    EXPECT_NE(t.error().find("nested too deeply"), std::string::npos)
        << t.error();
  }
}

TEST(Robustness, ModeratelyLongChainsStillWork) {
  std::string src = "{{ x";
  for (int i = 0; i < 100; ++i) src += "|e";
  src += " }}";
  Dict ctx;
  ctx.set("x", Value("<a>"));

  auto t = compile(src, "chain");
  ASSERT_TRUE(t.ok()) << t.error();
  auto out = render(*t.value(), ctx);

  ASSERT_TRUE(out.ok()) << out.error();
  EXPECT_EQ(out.value(), "&lt;a&gt;");
}

TEST(Robustness, InvalidUtf8AndNulBytesAreHandled) {
  outcome(std::string("a\0b{{ '\xff\xfe' }}\x80{{ 'x'|upper }}", 28));
  outcome("{{ '\xc3' }}");
}

TEST(Robustness, HugeRepetitionsAreRefused) {
  auto t = compile("{{ 'x' * 100000000 }}{{ 'y'|center(999999999) }}", "t");
  ASSERT_TRUE(t.ok());

  auto out = render(*t.value(), {});

  EXPECT_FALSE(out.ok());
}

}  // namespace
}  // namespace tattler::jinja
