// The Chinese catalogue, part one: the code names and the engine's messages
// (engine/messages.h says how patterns and templates are written). The terms
// are the Regulations' (《中华人民共和国政府信息公开条例》) and the annual
// report's (国办公开办函〔2021〕30号).
#include "engine/messages_zh.h"

#include <array>
#include <map>
#include <vector>

namespace gongkai::internal {
namespace {

// clang-format off
constexpr MessageEntry kEngine[] = {
    // The articles the refusals and explanations quote (engine/policy.cpp).
    {"Art. {}", "第{1}条"},
    {"Art. 21(4)", "第二十一条第（四）项"},
    {"Art. 24", "第二十四条"},
    {"Art. 27", "第二十七条"},
    {"Art. 30", "第三十条"},
    {"Art. 32", "第三十二条"},
    {"Art. 33", "第三十三条"},
    {"Art. 42", "第四十二条"},
    {"Arts. 32, 34", "第三十二条、第三十四条"},

    // The things an event records, named in refusals (engine/request_machine.cpp).
    {"an extension", "延期"},
    {"a consultation", "征求意见"},
    {"a fee notice", "收费通知"},
    {"the decision", "答复决定"},
    {"asking for a correction", "告知补正"},
    {"correct", "补正"},
    {"pay", "缴费"},
    {"the request id", "申请编号"},
    {"the agency code", "机关代码"},
    {"the subject", "申请内容"},
    {"the applicant's name", "申请人姓名"},
    {"an applicant contact field", "申请人联系信息"},
    {"the note", "备注"},
    {"the consulted party", "被征求意见方"},
    {"the approver", "批准人"},
    {"the reason", "理由"},
    {"the event's date", "事件日期"},
    {"a third party", "第三方"},

    // engine/request_machine.cpp
    {"{} is missing", "缺少{~1}"},
    {"{} is {} bytes long; at most {} are accepted", "{~1}长{2}字节；最多接受{3}字节"},
    {"a correction requested {} is awaited: record the corrected request or its lapse before {}",
     "{1}已告知补正，正在等待补正：记录{~2}之前，先记录收到补正后的申请或补正逾期"},
    {"the fee notice of {} is unpaid: record the payment or its lapse before {}",
     "{1}的收费通知尚未缴费：记录{~2}之前，先记录缴费或逾期未缴费"},
    {"the consultation of {} started {} is still open: record its end before {}",
     "{2}开始的向{~1}征求意见尚未结束：记录{~3}之前，先记录征求意见结束"},
    {"the period to answer ran out on {}: {} must be recorded on or before the due date in force "
     "({}); nothing revives an elapsed period",
     "答复期限已于{1}届满：{~2}须在现行答复期限届满之日或之前记录（{~3}）；已届满的期限不能恢复"},
    {"the outcome is missing or unknown: use one of the codes of the 2021 report rows (granted, "
     "partly_granted, ...)",
     "缺少办理结果或办理结果无法识别：请使用2021年年报表格各行的代码（granted、partly_granted 等）"},
    {"other_no_correction is recorded by a correction lapse, not by a decision",
     "“申请人无正当理由逾期不补正”（other_no_correction）由补正逾期记录，不作为答复决定记录"},
    {"other_fee_unpaid is recorded by a fee lapse, not by a decision",
     "“申请人逾期未缴纳费用”（other_fee_unpaid）由缴费逾期记录，不作为答复决定记录"},
    {"unable_still_unclear means unclear after a correction (补正后申请内容仍不明确), and no "
     "corrected request was received",
     "“补正后申请内容仍不明确”（unable_still_unclear）须在补正之后，而本申请未收到补正后的申请"},
    {"request {} is already registered", "申请 {1} 已经登记"},
    {"the receipt date {} is before {}, when the Regulations on Open Government Information "
     "entered into force: such a request is not one the engine can track",
     "收到日期 {1} 早于《政府信息公开条例》施行之日 {2}：此类申请不在本系统管理范围内"},
    {"the channel is missing or unknown: use one of {}",
     "缺少受理方式或受理方式无法识别：请使用 {1} 之一"},
    {"the applicant type is missing or unknown: use one of {}",
     "缺少申请人类型或申请人类型无法识别：请使用 {1} 之一"},
    {"an on-the-spot answer is given the day the request is received ({}), before anything else "
     "happens",
     "当场答复须在收到申请的当日（{1}）作出，且在其他任何事件之前"},
    {"a correction was already requested on {}: {} allows asking once",
     "已于{1}告知补正：{~2}规定只能告知一次"},
    {"a correction can no longer be asked: the {} working days after receipt ended on {} ({}); "
     "nothing revives an elapsed period",
     "已不能告知补正：收到申请后的{1}个工作日已于{2}届满（{~3}）；已届满的期限不能恢复"},
    {"a correction can no longer be asked: the period to answer ran out on {} ({}); nothing "
     "revives an elapsed period",
     "已不能告知补正：答复期限已于{1}届满（{~2}）；已届满的期限不能恢复"},
    {"the correction window is {} working days; give 1 to {} (or 0 for the default)",
     "补正期限为{1}个工作日；请给出1至{2}（或0表示默认值）"},
    {"no correction is awaited: ask for one first", "没有正在等待的补正：请先告知补正"},
    {"the applicant has until {} to {} ({} working days from {}, {}): a lapse can be recorded "
     "after that day",
     "申请人可在{1}之前{~2}（自{4}起{3}个工作日，{~5}）：该日之后才能记录逾期"},
    {"no correction is awaited, so none can lapse", "没有正在等待的补正，因此不存在补正逾期"},
    {"name the third party or agency consulted (--party): several may be consulted at once, each "
     "by name",
     "请写明被征求意见的第三方或机关（--party）：可同时向多方征求意见，各自写明名称"},
    {"the consultation of {} is already open: record its end first",
     "向{1}征求意见尚未结束：请先记录其结束"},
    {"no consultation is under way", "当前没有正在进行的征求意见"},
    {"several consultations are open ({}): say which one ended (--party)",
     "有多项征求意见尚未结束（{1}）：请写明哪一项已结束（--party）"},
    {"no consultation of {} is under way", "当前没有向{1}征求意见"},
    {"{} allows one extension of at most {} working days",
     "{~1}规定只能延期一次，最长{2}个工作日"},
    {"no period runs while a correction is awaited: extend after the corrected request is received",
     "等待补正期间答复期限不计算：请在收到补正后的申请之后再延期"},
    {"the extension was already used on {}: {}", "已于{1}延期：{~2}"},
    {"the approver is missing: only the head of the OGI office may approve an extension ({})",
     "缺少批准人：只有政府信息公开工作机构负责人可以批准延期（{~1}）"},
    {"an extension of {} working days is not allowed: {}", "不允许延期{1}个工作日：{~2}"},
    {"the fee must be a positive amount of at most 100000000 yuan",
     "费用须为正数，且不超过100000000元"},
    {"the fee notice of {} is still unpaid: record its payment or lapse first",
     "{1}的收费通知尚未缴费：请先记录缴费或逾期未缴费"},
    {"no fee notice is awaiting payment", "没有等待缴费的收费通知"},
    {"no fee notice is awaiting payment, so none can lapse",
     "没有等待缴费的收费通知，因此不存在缴费逾期"},
    {"the payment window of the fee notice of {} closed on {} ({} working days, {}): record the "
     "lapse (fee-lapse) instead",
     "{1}收费通知的缴费期限已于{2}届满（{3}个工作日，{~4}）：请改为记录逾期未缴费（fee-lapse）"},
    {"the answer was already delivered on {}", "答复已于{1}送达"},
    {"there is no decision to deliver: the request is {}", "没有可送达的答复决定：申请状态为{~1}"},
    {"the appeal kind is missing or unknown: use reconsideration, litigation or "
     "litigation_after_reconsideration",
     "缺少救济类型或救济类型无法识别：请使用 reconsideration（行政复议）、litigation（行政诉讼）或 "
     "litigation_after_reconsideration（复议后起诉）"},
    {"the appeal kind is unknown: use reconsideration, litigation or "
     "litigation_after_reconsideration",
     "救济类型无法识别：请使用 reconsideration（行政复议）、litigation（行政诉讼）或 "
     "litigation_after_reconsideration（复议后起诉）"},
    {"an appeal is recorded against an answer, and the request is {}",
     "行政复议和行政诉讼针对的是答复，而本申请的状态为{~1}"},
    {"a {} filed on {} is still pending: resolve it first", "{2}提起的{~1}尚未审结：请先记录其结果"},
    {"litigation after reconsideration needs a resolved reconsideration: record it first, or file "
     "litigation",
     "复议后起诉须有已审结的行政复议：请先记录复议结果，或记录直接起诉"},
    {"no {} is pending on this request", "本申请没有尚未审结的{~1}"},
    {"no appeal is pending on this request", "本申请没有尚未审结的行政复议或行政诉讼"},
    {"several appeals are pending: say which kind is resolved",
     "有多项复议或诉讼尚未审结：请写明审结的是哪一类"},
    {"the appeal result is missing or unknown: use upheld, corrected or other",
     "缺少复议或诉讼结果或结果无法识别：请使用 upheld（维持）、corrected（纠正）或 other（其他）"},
    {"the applicant's personal data were already erased", "申请人的个人信息已经删除"},
    {"the event is empty or of an unknown kind", "事件为空或类型无法识别"},
    {"{} is after today ({}): record an event once it has happened",
     "{1}晚于今天（{2}）：事件发生之后才能记录"},
    {"the request is not registered", "该申请尚未登记"},
    {"{} is before the request was received ({})", "{1}早于收到申请的日期（{2}）"},
    {"{} is before the request's last recorded event ({}): events are recorded in date order",
     "{1}早于该申请最近记录的事件（{2}）：事件须按日期顺序记录"},
    {"the request was closed on {} ({}): only delivery and appeals can be recorded now",
     "该申请已于{1}办结（{~2}）：现在只能记录送达和复议、诉讼"},
    {"the request has no period: it was never registered", "该申请没有答复期限：它从未登记"},

    // engine/access.cpp: what a command is, then the refusals.
    {"an extension (extend)", "延期（extend）"},
    {"this event, which the engine records itself,", "此类事件由系统自行记录，"},
    {"recording an event", "记录事件"},
    {"managing people", "人员管理"},
    {"a sweep", "到期扫描"},
    {"no role", "无角色"},
    {"{} cannot be sent by anyone", "{~1}任何人都不能发送"},
    {"{} needs the role {}; {} has {}", "{~1}需要{~2}角色；{3}的角色是{~4}"},
    {"outside the scope of {}: {} ({}) and the agencies under it",
     "超出{1}的管辖范围：{2}（{3}）及其下级机关"},
    {"outside the scope of {}: {} and the agencies under it", "超出{1}的管辖范围：{2}及其下级机关"},
    {"{} has been revoked", "{1}的身份已被撤销"},
    {"login is sent by the web console for itself, never on behalf of a person",
     "登录请求由网页控制台以自身名义发送，从不代表他人发送"},
    {"login is sent by a service with the delegate right (the web console); {} has none",
     "登录请求须由有代理权的服务（网页控制台）发送；{1}没有代理权"},

    // engine/passwords.cpp: web console passwords.
    {"a password is at most {} bytes long", "密码最长{1}字节"},
    {"a password is text in UTF-8", "密码须为UTF-8文本"},
    {"a password holds no control characters", "密码不能包含控制字符"},
    {"a password has at least {} characters", "密码至少需要{1}个字符"},
    {"the password hash is not an Argon2id string made by libsodium's crypto_pwhash_str "
     "(gongkai user passwd makes one)",
     "密码散列值不是由libsodium的crypto_pwhash_str生成的Argon2id字符串（gongkai user passwd "
     "会生成）"},
    {"the password hash's cost is outside what the engine accepts: {} to {} KiB of memory, {} to "
     "{} passes, one lane",
     "密码散列值的计算成本超出系统接受的范围：内存{1}至{2} KiB，{3}至{4}遍，单通道"},
    {"wrong name or password", "姓名或密码错误"},
    {"report lock locks a year for every agency: it needs a reporter whose scope is the whole "
     "registry",
     "report lock 为所有机关锁定一个年度：需要管辖范围为整个机关名录的年报人员"},

    // engine/date.cpp, engine/civil_date.cpp, engine/codes.cpp
    {"{} is out of range: years {} to {} are accepted", "{1}超出范围：只接受{2}年至{3}年"},
    {"{} is not a date: the month must be 1-12", "{1}不是日期：月份须为1-12"},
    {"{} is not a date: {} {} has {} days", "{1}不是日期：{3}年{~2}只有{4}天"},
    {"'{}' is not a date: write it as YYYY-MM-DD", "“{1}”不是日期：请写成 YYYY-MM-DD"},
    {"January", "1月"}, {"February", "2月"}, {"March", "3月"}, {"April", "4月"},
    {"May", "5月"}, {"June", "6月"}, {"July", "7月"}, {"August", "8月"},
    {"September", "9月"}, {"October", "10月"}, {"November", "11月"}, {"December", "12月"},
    {"{}: {}", "{~1}：{~2}"},
    {"'{}' is not a {}: use one of {}", "“{1}”不是有效的{~2}：请使用 {3} 之一"},
    {"'{}' is not an {}: use one of {}", "“{1}”不是有效的{~2}：请使用 {3} 之一"},
    {"channel", "受理方式"},
    {"applicant type", "申请人类型"},
    {"outcome", "办理结果"},
    {"alert level", "提醒级别"},
    {"appeal kind", "救济类型"},
    {"appeal result", "复议或诉讼结果"},
    {"role", "角色"},
    {"regime", "条例版本"},
    {"request status", "申请状态"},
    {"pause kind", "停止计时类型"},
    {"status code", "状态码"},

    // engine/agencies.cpp
    {"{}: agency {} names parent {}, which is not listed", "{1}：机关{2}的上级机关{3}不在名录中"},
    {"{}: the parents of agency {} form a cycle", "{1}：机关{2}的上级机关形成循环"},
    {"expected 4 tab-separated columns (code, name, parent_code, tier), found {}",
     "应为以制表符分隔的4列（代码、名称、上级代码、层级），实有{1}列"},
    {"an agency code is 1-16 ASCII letters or digits", "机关代码为1-16个ASCII字母或数字"},
    {"the name is empty", "名称为空"},
    {"the tier must be city, county, township or department",
     "层级须为 city、county、township 或 department"},
    {"agency {} is listed twice", "机关{1}重复列出"},
    {"{}: no agencies are listed", "{1}：未列出任何机关"},
    {"agency '{}' is not in the agency registry: check the code against the daemon's --agencies "
     "file",
     "机关“{1}”不在机关名录中：请对照守护进程的 --agencies 文件核对代码"},

    // engine/calendar.cpp
    {"the range ends before it starts", "日期范围的结束早于开始"},
    {"a range spans at most 60 days", "日期范围最长60天"},
    {"not a calendar file: the first line must be '{}'", "不是日历文件：第一行须为“{1}”"},
    {"'announced' wants a year, e.g. announced 2027", "“announced”后须写年份，例如 announced 2027"},
    {"expected 'off' or 'work' after the date, found '{}'",
     "日期之后应为“off”或“work”，实为“{1}”"},
    {"{} is listed twice", "{1}重复列出"},
    {"{}: empty; a calendar file starts with '{}'", "{1}：文件为空；日历文件以“{2}”开头"},
    {"the year {} is outside the calendar's years ({})", "{1}年超出日历的年份范围（{2}）"},
    {"the arrangement of {} is implausible: it has {} working days, and a year has {} to {}",
     "{1}年的安排不合理：有{2}个工作日，而一年应有{3}至{4}个"},
    {"the arrangement of {} is implausible: more than {} consecutive days off from {}",
     "{1}年的安排不合理：自{3}起连续休息超过{2}天"},
    {"{} is outside the calendar's years", "{1}超出日历的年份范围"},
    {"{} working days from {} leaves the calendar's years",
     "自{2}起{1}个工作日超出日历的年份范围"},
    {"'{}' is not a report counter key", "“{1}”不是年报计数键"},

    // engine/deadline.cpp: how a due date is reached.
    {"Received {}; the {} rule applies ({}): {} working days, the day of receipt not counted.",
     "{1}收到申请；适用{2}年《条例》（{~3}）：{4}个工作日，收到当日不计入。"},
    {"Received {}; the {} rule applies ({}): {} working days, the day of receipt counted.",
     "{1}收到申请；适用{2}年《条例》（{~3}）：{4}个工作日，收到当日计入。"},
    {"Corrected request received {}: the period restarts from it ({}); earlier clock stops and "
     "extensions no longer count.",
     "{1}收到补正后的申请：答复期限自该日重新计算（{~2}）；此前的停止计时和延期不再计算。"},
    {"Fee notice", "收费通知"},
    {"Consultation", "征求意见"},
    {"Consultation ({})", "征求意见（{1}）"},
    {"{} from {} to {}: clock stopped, {} working days excluded.",
     "{~1}，自{2}至{3}：停止计时，扣除{4}个工作日。"},
    {"The stops overlap: {} working days excluded in all (a day covered by two stops counts once).",
     "停止计时的期间有重叠：共扣除{1}个工作日（两项停止计时重叠的日子只算一次）。"},
    {"{} since {}: clock stopped.", "{~1}，自{2}起：停止计时。"},
    {"{} since {}: clock stopped; {} working days remain when it restarts.",
     "{~1}，自{2}起：停止计时；恢复计时后还剩{3}个工作日。"},
    {"Extension of {} working days approved on {} ({}).", "{2}批准延期{1}个工作日（{~3}）。"},
    {"Correction requested on {}: no due date until the corrected request is received; the period "
     "then restarts from its receipt.",
     "{1}告知补正：收到补正后的申请之前没有答复期限；答复期限自收到之日重新计算。"},
    {"Holidays crossed, not counted: {}.", "期间经过的节假日，不计入：{1}。"},
    {"Make-up working days crossed, counted: {}.", "期间经过的调休上班日，计入：{1}。"},
    {"Holidays crossed, not counted: {}. Make-up working days crossed, counted: {}.",
     "期间经过的节假日，不计入：{1}。期间经过的调休上班日，计入：{2}。"},
    {"Due {}: {} working days after {}.", "答复期限{1}：{3}之后的第{2}个工作日。"},
    {"Due {}: {} working days after {} ({}).", "答复期限{1}：{3}之后的第{2}个工作日（{~4}）。"},
    {"{} + {} extension", "{1} + 延期{2}"},
    {"{} + {} excluded", "{1} + 扣除{2}"},
    {"{} + {} extension + {} excluded", "{1} + 延期{2} + 扣除{3}"},
    {"Provisional: a year it crosses has no holiday notice loaded; the date follows the weekday "
     "rule and may move when the notice is loaded.",
     "暂定：所经过的某一年尚未载入放假通知；该日期按周末规则计算，载入通知后可能变动。"},

    // workers/alerts.cpp: the alerts' and reminders' texts.
    {"due soon: the answer is due on {}", "即将到期：答复期限为{1}"},
    {"due today: the answer is due on {}", "今日到期：答复期限为{1}"},
    {"overdue: the answer was due on {}", "已逾期：答复期限为{1}"},
    {"very overdue: due on {}, a further full period has passed; escalated",
     "严重逾期：答复期限为{1}，又经过了一个完整的答复期限；已上报上级机关"},
    {"received {}: a correction, if one is needed, must be asked by {} ({})",
     "{1}收到申请：如需补正，须在{2}之前告知（{~3}）"},
    {"the third party {} consulted on {} had until {} to reply ({})",
     "{2}征求意见的第三方{1}应在{3}之前答复（{~4}）"},

    // engine/request_amend.cpp, workers/ledger_amend.cpp: amending an intake.
    {"the channel is unknown: use one of {}", "申请方式不明：请使用{1}之一"},
    {"the applicant type is unknown: use one of {}", "申请人类型不明：请使用{1}之一"},
    {"say why the intake is amended (a reason of 1 to 4000 bytes)",
     "请说明更正登记的理由（1至4000字节）"},
    {"nothing to amend: give a new subject, channel, applicant type, receipt date or "
     "applicant's data",
     "没有要更正的内容：请给出新的申请内容、申请方式、申请人类型、收到日期或申请人信息"},
    {"the new receipt date", "新的收到日期"},
    {"the new receipt date {} is after the day of the amendment ({})",
     "新的收到日期{1}晚于更正之日（{2}）"},
    {"the new receipt date {} is before {}, when the Regulations entered into force",
     "新的收到日期{1}早于条例施行之日{2}"},
    {"the new receipt date {} is not in {}: request {} is numbered in the year it was "
     "received, so a request received in {} needs a number of that year: withdraw this one and "
     "register the request anew",
     "新的收到日期{1}不在{2}年：申请{3}按收到的年份编号，{4}年收到的申请须使用该年的编号：请撤回"
     "本申请并重新登记"},
    {"the new receipt date {} is after {}, when the request's handling already began (a stop, a "
     "correction, an extension or a fee notice): a request is received before anything happens "
     "to it",
     "新的收到日期{1}晚于{2}，而申请在该日已开始办理（中止、补正、延期或收费通知）：申请须先收到，"
     "才能办理"},
    {"the new receipt date {} falls under the {} Regulations while the request was handled "
     "under the {} ones since its receipt: withdraw it and register it anew",
     "新的收到日期{1}适用{2}年条例，而本申请自收到起按{3}年条例办理：请撤回后重新登记"},
    {"request {} is {} (closed on {}): an intake can be amended only before a decision",
     "申请{1}{~2}（{3}办结）：只有在作出答复决定之前才能更正登记"},
    {"decided", "已作出答复"},
    {"delivered", "已送达"},
    {"withdrawn", "已撤回"},
    {"lapsed", "视为放弃"},
    {"answered on the spot", "已当场答复"},
    {"the applicant's personal data of request {} were erased: they cannot be amended (register "
     "a new request if the applicant asks again)",
     "申请{1}的申请人个人信息已删除，不能更正（申请人再次申请的，请重新登记）"},
    {"unknown applicant field '{}': name the fields among name, id_number, phone, address, "
     "contact",
     "未知的申请人信息项“{1}”：只能是 name、id_number、phone、address、contact"},
    {"the applicant field {} is named twice", "申请人信息项{1}（{~1}）重复"},
    {"the applicant's name cannot be left empty", "申请人姓名不能为空"},
    {"the applicant's {}", "申请人{~1}"},
    {"id_number", "证件号码"},
    {"with the receipt dated {}, event #{} ({} of {}) would not apply: {}",
     "收到日期改为{1}后，第{2}号事件（{4}的{3}）将不能成立：{~5}"},
    {"amended {}", "已更正{~1}"},
    {"amended {} (received {}: the due date moves from {} to {})",
     "已更正{~1}（收到日期{2}：答复期限由{~3}改为{~4}）"},
    {"{}, {}", "{~1}、{~2}"},
    {"the channel", "申请方式"},
    {"the applicant type", "申请人类型"},
    {"the applicant's data", "申请人信息"},
    {"the receipt date", "收到日期"},
    {"none while the clock is stopped", "无（期限中止计算期间）"},
};
// clang-format on

struct CodeNames {
  std::string_view enum_name;
  std::map<std::string_view, std::string_view> names;
};

const std::vector<CodeNames>& Codes() {
  static const std::vector<CodeNames> codes = {
      {"RequestStatus",
       {{"open", "办理中"},
        {"awaiting_correction", "待补正"},
        {"consulting", "征求意见中"},
        {"awaiting_fee", "待缴费"},
        {"decided", "已作出答复"},
        {"delivered", "已送达"},
        {"withdrawn", "已撤回"},
        {"lapsed", "视为放弃"},
        {"unspecified", "未定"}}},
      {"AlertLevel",
       {{"due_soon", "即将到期"},
        {"due_today", "今日到期"},
        {"overdue", "逾期"},
        {"very_overdue", "严重逾期"},
        {"correction_not_asked", "补正告知期限将满"},
        {"third_party_overdue", "第三方逾期未答复"}}},
      {"AppealKind",
       {{"reconsideration", "行政复议"},
        {"litigation", "行政诉讼（未经复议直接起诉）"},
        {"litigation_after_reconsideration", "行政诉讼（复议后起诉）"}}},
      {"AppealResult", {{"upheld", "结果维持"}, {"corrected", "结果纠正"}, {"other", "其他结果"}}},
      {"Role",
       {{"clerk", "受理人员"},
        {"officer", "承办人员"},
        {"head", "政府信息公开工作机构负责人"},
        {"supervisor", "监督人员"},
        {"reporter", "年报人员"},
        {"auditor", "审计人员"},
        {"operator", "运维人员"},
        {"scheduler", "到期扫描服务"}}},
      {"StatusCode",
       {{"ok", "成功"},
        {"invalid_argument", "参数错误"},
        {"not_found", "未找到"},
        {"failed_precondition", "不符合办理条件"},
        {"permission_denied", "无权操作"},
        {"unavailable", "无法连接"},
        {"internal", "内部错误"},
        {"resource_exhausted", "超出限额"}}},
      {"PauseKind", {{"consultation", "征求意见"}, {"fee", "收费"}}},
  };
  return codes;
}

// Outcomes, channels and applicant types have their Chinese in
// engine/codes.cpp (the report's labels): not repeated here.
std::optional<std::string> LabelOf(std::string_view enum_name, std::string_view word) {
  if (enum_name.empty() || enum_name == "Outcome") {
    for (const auto& labels : AllOutcomeLabels()) {
      if (gongkai::CodeOf(labels.outcome) == word) {
        return std::string(labels.group) + std::string(labels.label_2021);
      }
    }
  }
  if (enum_name.empty() || enum_name == "Channel") {
    auto channel = gongkai::ParseCode<v1::Channel>(word);
    if (channel.ok()) return std::string(ChannelLabel(*channel));
  }
  if (enum_name.empty() || enum_name == "ApplicantType") {
    auto type = gongkai::ParseCode<v1::ApplicantType>(word);
    if (type.ok()) return std::string(ApplicantTypeLabel(*type));
  }
  return std::nullopt;
}

}  // namespace

std::span<const MessageEntry> ZhEngineEntries() { return kEngine; }

std::span<const MessageEntry> ZhCatalogue() {
  static const std::vector<MessageEntry> all = [] {
    std::vector<MessageEntry> entries;
    for (auto part : {ZhEngineEntries(), ZhServiceEntries(), ZhClientEntries(), ZhWebEntries()}) {
      entries.insert(entries.end(), part.begin(), part.end());
    }
    return entries;
  }();
  return all;
}

std::optional<std::string> ZhCodeName(std::string_view enum_name, std::string_view word) {
  std::string underscored(word);
  for (char& c : underscored) {
    if (c == ' ') c = '_';
  }
  for (const CodeNames& codes : Codes()) {
    if (!enum_name.empty() && codes.enum_name != enum_name) continue;
    auto it = codes.names.find(underscored);
    if (it != codes.names.end()) return std::string(it->second);
  }
  return LabelOf(enum_name, underscored);
}

}  // namespace gongkai::internal
