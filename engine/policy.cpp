#include "engine/policy.h"

namespace gongkai {

const RegimeRules& RulesFor(v1::Regime regime) {
  // 2008: Decree 492. Art. 24 sets 15 + 15 and excludes consultation time;
  // Art. 21(4) asks for a correction; Art. 27 allows cost fees (no statutory
  // payment window: the engine applies the 2021 rule's 20 days).
  static const RegimeRules k2008{
      v1::REGIME_2008, "2008",    15,           15,        0,        0, 20,
      false,           "Art. 24", "Art. 21(4)", "Art. 24", "Art. 27"};
  // 2019: Decree 711. Art. 33 sets 20 + 20; Art. 30 one correction request
  // within 7 working days; Art. 32 a third party has 15 working days;
  // Art. 42 and the 2021 fee rules give 20 working days to pay.
  static const RegimeRules k2019{
      v1::REGIME_2019, "2019",         20,       20, 7, 15, 20, true, "Art. 33",
      "Art. 30",       "Arts. 32, 34", "Art. 42"};
  return regime == v1::REGIME_2008 ? k2008 : k2019;
}

Date Regime2019EffectiveDate() { return MakeDate(2019, 5, 15); }

Date RegulationsInForceDate() { return MakeDate(2008, 5, 1); }

v1::Regime DeadlinePolicy::RegimeFor(Date received) const {
  if (pinned_regime) return *pinned_regime;
  return received < Regime2019EffectiveDate() ? v1::REGIME_2008 : v1::REGIME_2019;
}

Date DeadlinePolicy::CountBase(Date start) const {
  return count_receipt_day ? start - std::chrono::days(1) : start;
}

}  // namespace gongkai
