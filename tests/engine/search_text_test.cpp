#include "engine/search_text.h"

#include <catch2/catch.hpp>

#include "engine/date.h"
#include "engine/keys.h"

namespace gongkai {
namespace {

TEST_CASE(
    "Search text is normalised: case folded, full-width folded, spaces and punctuation "
    "dropped",
    "[engine][search]") {
  CHECK(NormalizeForSearch("信息 公开") == U"信息公开");
  CHECK(NormalizeForSearch("《鞍山市》、规划。") == U"鞍山市规划");
  CHECK(NormalizeForSearch("ABC-12 ｄｅｆ３") == U"abc12def3");
  CHECK(NormalizeForSearch("“引号”…—") == U"引号");
  CHECK(NormalizeForSearch("a\xFF\xC3z") == U"az");  // Malformed bytes are dropped.
}

TEST_CASE("Bigrams are distinct pairs of neighbouring characters", "[engine][search]") {
  CHECK(BigramsOf(U"信").empty());
  CHECK(BigramsOf(U"信息").size() == 1);
  const std::vector<Bigram> grams = BigramsOf(U"信息信息");
  CHECK(grams.size() == 2);  // 信息 and 息信.
  CHECK(MatchesSearch("关于 信息·公开的申请", U"信息公开"));
  CHECK_FALSE(MatchesSearch("公开信息息公", U"信息公开"));
}

TEST_CASE("A bigram signature holds every bigram of its text and rules out most others",
          "[engine][search]") {
  const std::vector<Bigram> own = BigramsOf(NormalizeForSearch("铁东区拆迁补偿标准"));
  const std::string signature = BigramSignature(own);
  REQUIRE(signature.size() == kSignatureBytes);
  CHECK(SignatureHolds(signature, own));
  CHECK(SignatureHolds(signature, {own.front(), own.back()}));
  int ruled_out = 0;
  const std::u32string others = NormalizeForSearch("政府采购合同供暖收费学校招生医疗保险低保发放");
  const std::vector<Bigram> absent = BigramsOf(others);
  for (const Bigram& gram : absent) ruled_out += SignatureHolds(signature, {gram}) ? 0 : 1;
  CHECK(ruled_out > int(absent.size()) * 3 / 4);
  CHECK(SignatureHolds("", absent));  // No signature: nothing is ruled out.
}

TEST_CASE("Search keys order a bigram's requests newest receipt first, then highest number",
          "[engine][search][keys]") {
  const Bigram gram{U'信', U'息'};
  const std::string newer =
      SearchKey(SearchField::kSubject, gram, MakeDate(2012, 11, 2), "210300-2012-000001");
  const std::string older_high =
      SearchKey(SearchField::kSubject, gram, MakeDate(2012, 11, 1), "210300-2012-000009");
  const std::string older_low =
      SearchKey(SearchField::kSubject, gram, MakeDate(2012, 11, 1), "210300-2012-000002");
  CHECK(newer < older_high);
  CHECK(older_high < older_low);
  const std::string prefix = SearchPrefix(SearchField::kSubject, gram);
  CHECK(newer.compare(0, prefix.size(), prefix) == 0);
  CHECK(SearchPrefix(SearchField::kApplicantName, gram) != prefix);
  const auto parsed = ParseSearchKey(newer);
  REQUIRE(parsed.has_value());
  CHECK(parsed->request_id == "210300-2012-000001");
  CHECK(std::string(parsed->order) + std::string(parsed->request_id) ==
        SearchOrder(MakeDate(2012, 11, 2), "210300-2012-000001"));
  CHECK(SearchOrderFrom(MakeDate(2012, 11, 2)) < SearchOrderFrom(MakeDate(2012, 11, 1)));
  CHECK_FALSE(ParseSearchKey("s12").has_value());
}

}  // namespace
}  // namespace gongkai
