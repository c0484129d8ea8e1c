#include "populate.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bench_identity.h"
#include "daemon_process.h"
#include "engine/agencies.h"
#include "engine/calendar.h"
#include "engine/civil_date.h"
#include "engine/deadline.h"
#include "engine/store/rocks_store.h"
#include "workers/ledger.h"

namespace gongkai::bench {
namespace {

StatusOr<AgencyRegistry> LoadAgencies() {
  std::ifstream in(AgenciesPath());
  std::ostringstream text;
  text << in.rdbuf();
  return AgencyRegistry::Parse(text.str(), AgenciesPath());
}

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser.
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

template <size_t N>
const char* Pick(const char* const (&words)[N], uint64_t& bits) {
  const char* word = words[bits % N];
  bits /= N;
  return word;
}

// What a bulk load ends with. Every erasure due today is made now (an
// office's engine would have made them long ago: the daemon measured next
// must not be erasing a backlog of years behind the scenario), and what
// the load and these sweeps recorded counts as published (a bulk load has
// no subscribers). Then the database is compacted: an office's database
// grows by a few thousand requests a day, not by a million at once, and
// the daemon measured next must not be compacting the load.
Status FinishLoad(Ledger& ledger, RocksStore& store, std::map<bool, v1::Alert>& last_of_stream) {
  do {
    GONGKAI_RETURN_IF_ERROR(ledger.Sweep());
    for (auto& alert : ledger.TakeRecordedAlerts()) {
      last_of_stream[IsReminderLevel(alert.level())] = std::move(alert);
    }
  } while (ledger.retention_backlog());
  std::vector<v1::Alert> last;
  for (auto& [reminder, alert] : last_of_stream) last.push_back(alert);
  GONGKAI_RETURN_IF_ERROR(ledger.MarkPublished(last));
  return store.CompactAll();
}

}  // namespace

const char* const kBenchPlaces[30] = {
    "铁东区",   "铁西区",   "立山区",   "千山区",   "海城市",   "台安县",     "岫岩县", "胜利路",
    "人民路",   "建国大道", "湖南街道", "站前街道", "钢都小区", "二一九公园", "玉佛苑", "汤岗子",
    "旧堡区",   "宁远镇",   "东鞍山",   "深沟寺",   "园林街道", "山南街道",   "对炉山", "新兴街道",
    "灵山街道", "曙光街道", "齐大山",   "大孤山",   "腾鳌镇",   "鞍千路"};
const char* const kBenchTopics[60] = {
    "拆迁补偿",     "规划许可",     "环境影响评价", "财政预算",     "政府采购",     "供暖收费",
    "道路维修",     "学校招生",     "医疗保险",     "低保发放",     "土地出让",     "棚户区改造",
    "征地补偿",     "食品安全检查", "水质检测",     "公交线路调整", "违章建筑处理", "行政处罚决定",
    "工程招标",     "养老服务补贴", "住房公积金",   "物业管理",     "排水管网",     "垃圾处理",
    "空气质量监测", "交通事故处理", "价格听证",     "企业登记",     "建设用地审批", "拆违执法",
    "幼儿园收费",   "社区卫生服务", "残疾人补助",   "就业培训",     "农村危房改造", "河道治理",
    "绿化工程",     "停车收费",     "燃气价格",     "电梯安全检验", "消防验收",     "文物保护",
    "人防工程",     "扶贫资金",     "退役军人安置", "义务教育经费", "医院收费",     "药品采购",
    "出租车经营权", "广告牌设置",   "户外照明",     "噪声监测",     "污水处理费",   "房屋征收决定",
    "国有资产处置", "统计数据",     "审计报告",     "信访事项",     "安全生产检查", "城市供水"};
const char* const kBenchKinds[20] = {
    "的文件",       "标准",     "方案",     "批复",     "会议纪要", "合同",    "名单",
    "资金使用情况", "审批材料", "检测报告", "实施细则", "公告",     "决定书",  "台账",
    "预算明细",     "验收报告", "评估报告", "听证记录", "收费依据", "工作总结"};
const char* const kBenchSurnames[40] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                        "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
                                        "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧",
                                        "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕"};
const char* const kBenchGiven[50] = {
    "伟",   "芳",   "娜",   "秀英", "敏",   "静",   "丽",   "强",   "磊",   "军",
    "洋",   "勇",   "艳",   "杰",   "娟",   "涛",   "明",   "超",   "秀兰", "霞",
    "平",   "刚",   "桂英", "建华", "志强", "文",   "红梅", "建国", "海燕", "玉兰",
    "晓东", "立新", "春梅", "国庆", "淑珍", "宏伟", "丹",   "宇",   "鑫",   "凤英",
    "学林", "德胜", "亚楠", "振华", "海涛", "丽娟", "卫东", "金凤", "永刚", "淑华"};

std::string BenchSubject(int64_t number) {
  uint64_t bits = Mix(uint64_t(number));
  std::string subject;
  if (bits % 3 == 0) subject = std::to_string(2010 + (bits / 3) % 14) + "年";
  bits /= 42;
  subject += Pick(kBenchPlaces, bits);
  subject += Pick(kBenchTopics, bits);
  subject += Pick(kBenchKinds, bits);
  return subject;
}

std::string BenchName(int64_t number) {
  uint64_t bits = Mix(uint64_t(number) ^ 0x5EED);
  std::string name = Pick(kBenchSurnames, bits);
  name += Pick(kBenchGiven, bits);
  if (bits % 2 == 0) name += Pick(kBenchGiven, bits);
  return name;
}

v1::Command BenchIntake(int64_t number, const std::string& agency, Date received,
                        const std::string& key_prefix) {
  static const v1::ApplicantType kTypes[] = {
      v1::APPLICANT_TYPE_NATURAL_PERSON, v1::APPLICANT_TYPE_BUSINESS,
      v1::APPLICANT_TYPE_RESEARCH,       v1::APPLICANT_TYPE_NONPROFIT,
      v1::APPLICANT_TYPE_LEGAL_SERVICES, v1::APPLICANT_TYPE_OTHER_ORG};
  v1::Command command;
  command.set_idempotency_key(key_prefix + std::to_string(number));
  command.set_actor("bench");
  auto* intake = command.mutable_intake();
  *intake->mutable_received_on() = ToCivil(received);
  auto* r = intake->mutable_received();
  r->set_agency_code(agency);
  r->set_channel(number % 3 == 0 ? v1::CHANNEL_IN_PERSON : v1::CHANNEL_ONLINE);
  r->set_applicant_type(kTypes[number % 6]);
  r->set_subject(BenchSubject(number));
  r->mutable_applicant()->set_name(BenchName(number));
  return command;
}

StatusOr<int64_t> Populate(const std::string& directory, Date today,
                           const std::vector<IntakeBatch>& batches, int group_size) {
  auto agencies = LoadAgencies();
  if (!agencies.ok()) return agencies.status();
  std::vector<std::string> codes;
  for (const auto& [code, agency] : agencies->all()) codes.push_back(code);
  auto store = CreateStore(directory);
  if (!store.ok()) return store.status();
  auto ledger = Ledger::Open(**store, std::make_unique<ManualClock>(today), Calendar::Builtin(),
                             std::move(agencies).value(), BulkLedgerOptions());
  if (!ledger.ok()) return ledger.status();
  int64_t number = 0;
  // The last of each stream (alerts, reminders): what MarkPublished needs.
  std::map<bool, v1::Alert> last_of_stream;
  for (const auto& batch : batches) {
    for (int64_t done = 0; done < batch.count;) {
      std::vector<v1::Command> group;
      for (; done < batch.count && int(group.size()) < group_size; ++done, ++number) {
        group.push_back(BenchIntake(number, codes[size_t(number) % codes.size()], batch.received));
        if (batch.on_the_spot_every > 0 && number % batch.on_the_spot_every == 0) {
          group.back().mutable_intake()->set_on_the_spot_outcome(
              number % 2 ? v1::OUTCOME_GRANTED : v1::OUTCOME_UNABLE_NOT_HELD);
        }
      }
      for (const auto& reply : (*ledger)->HandleGroup(group)) {
        if (reply.code() != v1::STATUS_CODE_OK) {
          return InternalError("populating failed: " + reply.message());
        }
      }
      for (auto& alert : (*ledger)->TakeRecordedAlerts()) {
        last_of_stream[IsReminderLevel(alert.level())] = std::move(alert);
      }
    }
  }
  GONGKAI_RETURN_IF_ERROR(FinishLoad(**ledger, **store, last_of_stream));
  return number;
}

LedgerOptions BulkLedgerOptions() {
  LedgerOptions options;
  options.intake_quota_per_day = 0;
  options.max_erasures_per_sweep = 20000;
  return options;
}

StatusOr<std::unique_ptr<RocksStore>> CreateStore(const std::string& directory) {
  GONGKAI_RETURN_IF_ERROR(InitBenchDirectory(directory));
  return RocksStore::Open(directory);
}

namespace {

// The name of a populated copy: what Populate was given, in words.
std::string PopulatedName(Date today, const std::vector<IntakeBatch>& batches) {
  uint64_t hash = 1469598103934665603ull;  // FNV-1a over the batches.
  auto mix = [&hash](int64_t value) {
    for (int i = 0; i < 8; ++i) hash = (hash ^ uint8_t(value >> (8 * i))) * 1099511628211ull;
  };
  int64_t total = 0;
  for (const auto& batch : batches) {
    mix(batch.count);
    mix(batch.received.time_since_epoch().count());
    mix(batch.on_the_spot_every);
    total += batch.count;
  }
  std::ostringstream name;
  name << "populated-" << FormatDate(today) << "-" << total << "-" << std::hex << hash;
  return name.str();
}

void CopyDatabase(const std::string& from, const std::string& to, std::error_code& error) {
  namespace fs = std::filesystem;
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing, error);
  if (!error) {
    fs::copy_file(IdentityPathOf(from), IdentityPathOf(to), fs::copy_options::overwrite_existing,
                  error);
  }
}

// Marks a kept copy whose load ended with FinishLoad.
constexpr char kFinishedMark[] = "finished";

// Replaces the kept copy `saved` with `directory`, marked complete.
Status Keep(const std::string& directory, const std::string& saved, int64_t total) {
  std::error_code error;
  std::filesystem::remove_all(saved, error);
  CopyDatabase(directory, saved, error);
  if (!error) std::ofstream(saved + "/complete") << total << "\n";
  if (!error) std::ofstream(saved + "/" + kFinishedMark) << "\n";
  if (error) return InternalError("saving a copy in " + saved + ": " + error.message());
  return OkStatus();
}

// FinishLoad on the populated database in `directory`, the clock at `today`.
Status FinishCopy(const std::string& directory, Date today) {
  auto agencies = LoadAgencies();
  if (!agencies.ok()) return agencies.status();
  auto store = RocksStore::Open(directory);
  if (!store.ok()) return store.status();
  auto ledger = Ledger::Open(**store, std::make_unique<ManualClock>(today), Calendar::Builtin(),
                             std::move(agencies).value(), BulkLedgerOptions());
  if (!ledger.ok()) return ledger.status();
  std::map<bool, v1::Alert> last_of_stream;
  return FinishLoad(**ledger, **store, last_of_stream);
}

}  // namespace

StatusOr<int64_t> PopulateOrCopy(const std::string& directory, Date today,
                                 const std::vector<IntakeBatch>& batches) {
  const char* cache = std::getenv("GONGKAI_BENCH_POPULATED");
  if (cache == nullptr || *cache == '\0') return Populate(directory, today, batches);
  const std::string saved = std::string(cache) + "/" + PopulatedName(today, batches);
  int64_t total = 0;
  for (const auto& batch : batches) total += batch.count;
  std::error_code error;
  if (std::filesystem::exists(saved + "/complete")) {
    CopyDatabase(saved, directory, error);
    std::filesystem::remove(directory + "/complete", error);
    std::filesystem::remove(directory + "/" + kFinishedMark, error);
    if (error) return InternalError("copying " + saved + ": " + error.message());
    if (!std::filesystem::exists(saved + "/" + kFinishedMark)) {
      // Kept before loads ended as FinishLoad ends them: finished once, kept again.
      GONGKAI_RETURN_IF_ERROR(FinishCopy(directory, today));
      GONGKAI_RETURN_IF_ERROR(Keep(directory, saved, total));
    }
    ::sync();  // The copy on disk, as a database is: no writeback during the run.
    return total;
  }
  auto populated = Populate(directory, today, batches);
  if (!populated.ok()) return populated;
  std::filesystem::create_directories(cache, error);
  GONGKAI_RETURN_IF_ERROR(Keep(directory, saved, *populated));
  return populated;
}

std::string MakeTempDirectory(const std::string& prefix) {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/" + prefix + "XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return "";
  return pattern;
}

void RemoveTree(const std::string& directory) {
  std::error_code ignored;
  std::filesystem::remove_all(directory, ignored);
  std::filesystem::remove(IdentityPathOf(directory), ignored);
}

StatusOr<std::string> PopulateYear(int year, int64_t count, int on_the_spot_every,
                                   const std::string& prefix) {
  const Calendar& calendar = *Calendar::Builtin();
  const Date first = MakeDate(year, 1, 1), last = MakeDate(year, 12, 31);
  const int days = calendar.WorkingDaysBetween(first, last);
  std::vector<IntakeBatch> batches;
  for (int d = 1; d <= days; ++d) {
    batches.push_back({count / days + (d <= count % days ? 1 : 0),
                       calendar.AddWorkingDays(first, d)->date, on_the_spot_every});
  }
  const std::string directory = MakeTempDirectory(prefix);
  auto populated = PopulateOrCopy(directory, last, batches);
  if (!populated.ok()) {
    RemoveTree(directory);
    return populated.status();
  }
  return directory;
}

}  // namespace gongkai::bench
