// The client's help in Chinese (cli/command_docs.h): the same table as the
// English one, keyed by the command's path and the option's name. The
// examples and the values' names (DATE, CODE) are the English table's.
// tests/cli/command_line_test.cpp checks that every command and option of
// the English table has its Chinese here.
#include "cli/command_docs_zh.h"

namespace gongkai::cli {

const std::vector<ZhCommandDoc>& ZhCommandDocs() {
  static const std::vector<ZhCommandDoc> docs = {
      {"",
       "政府信息依申请公开系统（gongkaid）的客户端，供受理人员、承办人员、监督人员、年报人员和运维"
       "人员"
       "使用，另可离线计算工作日。退出码：0 成功，2 用法或输入错误（未发送任何内容），3 被系统拒绝"
       "（消息写明所依据的规则），4 无法连接系统。",
       {{"--server",
         "系统的命令地址（默认：$GONGKAI_SERVER，其次为身份文件中的地址，再次为 "
         "tcp://127.0.0.1:7501）"},
        {"--identity",
         "你的身份文件，由运维人员提供（默认：$GONGKAI_IDENTITY，其次为 "
         "~/.config/gongkai/identity）"},
        {"--on-behalf-of",
         "供有代理权的服务（网页控制台）使用：代表此人发送命令，系统核对此人的"
         "角色和管辖范围"},
        {"--timeout",
         "等待系统接受连接及首次答复的毫秒数，1至600000（默认3000；未在此时间内连接的"
         "系统立即报告，退出码4；每次重试时等待答复的时间加倍）"},
        {"--attempts", "以同一幂等键发送命令的次数，1至100，之后视为无法连接（退出码4；默认4）"},
        {"--json", "输出JSON而不是文字（也可写在命令之后）"},
        {"--lang",
         "消息、表格和帮助所用的语言：zh 简体中文，en 英文（默认：LC_ALL、LC_MESSAGES、"
         "LANG 中第一个已设置的以 en 开头时为 en，否则为 zh）；JSON 中的代码始终为英文词"},
        {"--version", "输出版本并退出"}}},
      {"help", "输出 gongkai 或所指命令的帮助。", {{"COMMAND", "命令，以及它的子命令（如有）"}}},

      // --- 离线 --------------------------------------------------------------
      {"calendar",
       "按中国节假日安排（含调休上班日）计算工作日（离线），以及向运行中的系统载入新的放假通知。",
       {}},
      {"calendar is-workday",
       "DATE "
       "是否为工作日：输出“是”或“否”；该年未载入放假通知时在标准错误上注明（此时只按周末规则）。",
       {{"DATE", "日期，YYYY-MM-DD"}}},
      {"calendar add",
       "DATE 之后第 N 个工作日的日期（N 为负数时为之前）。",
       {{"DATE", "起算日期，YYYY-MM-DD"}, {"N", "要加的工作日数，-10000至10000"}}},
      {"calendar between",
       "A 之后至 B（含）的工作日数（B 早于 A 时为负数）。",
       {{"A", "第一个日期，YYYY-MM-DD（不计入）"}, {"B", "最后一个日期，YYYY-MM-DD"}}},
      {"calendar check",
       "检查日历文件而不载入：格式，以及所安排的每一年有240至260个工作日、连续休息不超过10天。",
       {{"FILE", "日历文件（格式见 engine/calendar.h）"}, {"--json", "可以给出；答复为文字"}}},
      {"deadline",
       "系统对选项所描述经过的申请会算出的答复期限及其理由：该经过按系统自身的规则计算。",
       {{"--received", "收到申请的日期"},
        {"--regime", "适用哪一版《条例》的期限（默认：按收到日期，2019-05-15之前为2008年版）"},
        {"--consultation", "自 FROM 至 TO 征求第三方意见（日期）；重叠的征求意见只算一次"},
        {"--correction-received",
         "收到补正后申请的日期（补正在收到申请当日告知）；答复期限自该日重新计算"},
        {"--extension", "批准的延期，1至40个工作日（条例允许15或20）"}}},

      // --- 受理人员和承办人员 ------------------------------------------------
      {"intake",
       "登记收到的申请；输出申请编号和答复期限。",
       {{"--agency", "收到申请的机关，deploy/agencies 中的代码"},
        {"--channel", "受理方式：{channel}"},
        {"--received", "收到日期，YYYY-MM-DD"},
        {"--applicant-type", "申请人类型：{applicant_type}"},
        {"--applicant",
         "申请人姓名（个人信息：只向管辖范围内的受理人员、承办人员、负责人和审计人员显示）"},
        {"--subject", "申请公开的信息"},
        {"--contact", "联系申请人的方式（个人信息）"},
        {"--id-number", "申请人身份证件号码（个人信息）"},
        {"--phone", "申请人电话（个人信息）"},
        {"--address", "申请人地址（个人信息）"},
        {"--on-the-spot", "当场答复，办理结果：{outcome}"}}},
      {"correction-request",
       "告知申请人补正申请内容不明确的申请（补正）：答复期限等待补正后的申请。",
       {{"--window", "申请人补正的工作日数，1至60（默认：系统设置）"}}},
      {"correction-receive", "收到补正后的申请：答复期限自该日重新计算。", {}},
      {"correction-lapse", "补正期限内未收到补正：申请办结。", {}},
      {"consult-start",
       "征求第三方意见：其间的工作日不计入答复期限。",
       {{"--party", "被征求意见方（没有则系统拒绝；可同时向多方征求意见）"}}},
      {"consult-end",
       "征求意见结束：答复期限继续计算。",
       {{"--party", "哪一方的征求意见结束（有多项正在进行时需要）"}}},
      {"extend",
       "批准延长答复期限，每件申请一次，须在答复期限届满之日或之前。只有负责人（角色）可以发送：记"
       "录的"
       "批准人即发送人。",
       {{"--approved-by", "忽略：批准人为发送命令的负责人"},
        {"--days", "延长的工作日数，1至40（默认：条例允许的全部）"}}},
      {"fee-notice",
       "发出收费通知：答复期限等待缴费。",
       {{"--amount", "费用，以元为单位，最多两位小数，例如 12.50"}}},
      {"fee-paid", "已缴费（收费通知后20个工作日内）：答复期限继续计算。", {}},
      {"fee-lapse", "20个工作日内未缴费：申请办结。", {}},
      {"decide",
       "对申请作出答复。",
       {{"--outcome", "办理结果：{outcome}"}, {"--note", "与答复一起保存的备注"}}},
      {"deliver", "答复已送达申请人。", {}},
      {"withdraw", "申请人撤回申请。", {}},
      {"appeal", "对答复提起行政复议或行政诉讼。", {{"--kind", "救济类型：{appeal_kind}"}}},
      {"appeal-resolve",
       "行政复议或行政诉讼的结果。",
       {{"--result", "结果：{appeal_result}"},
        {"--kind", "有多项尚未审结时，指明哪一项：{appeal_kind}"}}},
      {"agencies",
       "你的管辖范围内的机关，代码和名称（所有已登记人员）。凡命令带 --agency "
       "处，可用代码、名称或名称中"
       "不致混淆的一部分（铁东区）。",
       {{"--tree", "按上级机关缩进"}}},
      {"show", "一件申请：状态、答复期限及其计算、停止计时和各事件。", {}},
      {"list",
       "按答复期限列出申请，每行一件：申请编号、机关、状态、收到日期、答复期限、剩余或逾期工作日、"
       "申请"
       "内容；然后是符合条件的件数（--limit 截断时还有显示的件数）。",
       {{"--agency", "只列此机关及其下级机关的申请"},
        {"--status", "只列此状态的申请（due-soon：在系统的即将到期天数内）"},
        {"--due-within", "只列今天起N个工作日内到期、尚未逾期的办理中申请（5：本周），1至400"},
        {"--due-before", "只列答复期限在 DATE 或之前的办理中申请"},
        {"--overdue", "只列已过答复期限的办理中申请"},
        {"--year", "只列 YEAR 年收到的申请"},
        {"--limit", "最多N件，1至10000（默认50）"},
        {"--format",
         "文字、供 Excel 使用的 CSV（带字节序标记的UTF-8，RFC 4180）或 JSON（默认文字）"}}},
      {"search",
       "查找申请内容含 TEXT 的申请，或申请人姓名含 TEXT "
       "的申请（仅对可查看姓名的受理人员、承办人员、负责人"
       "和审计人员），新的在前，限于你的管辖范围。空格、标点和大小写不计；TEXT 至少两个字。",
       {{"TEXT", "要查找的文字，例如申请内容或申请人姓名的一部分"},
        {"--agency", "只查此机关及其下级机关的申请"},
        {"--year", "只查 YEAR 年收到的申请"},
        {"--limit", "最多N件，1至10000（默认50）"},
        {"--cursor", "输出此翻页标记的那一页之后的一页"}}},
      {"reminders",
       "某机关及其下级机关给承办人员的提醒（correction_not_asked "
       "补正告知期限将满，third_party_overdue "
       "第三方逾期未答复），自1编号。",
       {{"--agency", "机关；含其下级机关"},
        {"--since", "只列序号大于 SEQ 的提醒（默认0：全部）"},
        {"--follow", "持续输出新的提醒，直至中断"},
        {"--limit", "输出N条后停止，1至1000000"}}},

      // --- 监督人员 ----------------------------------------------------------
      {"alerts",
       "某机关及其下级机关给监督人员的提醒（due_soon 即将到期，due_today 今日到期，overdue 逾期，"
       "very_overdue 严重逾期），自1编号。",
       {{"--agency", "机关；含其下级机关"},
        {"--since", "只列序号大于 SEQ 的提醒（默认0：全部）"},
        {"--follow", "持续输出新发出的提醒，直至中断"},
        {"--limit", "输出N条后停止，1至1000000"}}},
      {"alerts ack",
       "确认一条提醒。",
       {{"SEQ", "提醒的序号"},
        {"--note", "与确认一起保存的备注"},
        {"--actor", "为旧脚本保留，忽略：系统记录发送人"}}},
      {"overdue", "某机关及其下级机关的逾期申请及其提醒。", {{"--agency", "机关；含其下级机关"}}},

      // --- 年报人员 ----------------------------------------------------------
      {"report", "各级政府每年公布的统计数据，以及保持所公布数据不变的锁定。", {}},
      {"report annual",
       "由系统的计数得出某年的统计：2021年法定表格，或2008年式的叙述文字。表格不平衡时退出码为3。",
       {{"--year", "报告的年度"},
        {"--agency", "只含此机关及其下级机关（默认：所有机关）"},
        {"--style", "2021年表格或2008年叙述（默认2021）"},
        {"--format",
         "文字、Markdown、CSV、Excel 或 JSON（默认文字；--json 即 json）。CSV 可用 Excel "
         "打开：带字节序标记的UTF-8，RFC 4180，表三、空行、表四；xlsx 按法定格式排列两表；"
         "2008年式两者都没有"},
        {"--out", "--format xlsx 写入工作簿的文件"},
        {"--verify", "先对照事件记录核对存储的计数（有差异则拒绝，并写明计数项）"}}},
      {"report lock",
       "锁定已过去的年度：其数据保持公布时的样子（载入日历不再改变），也不再接受该年度日期的事件。",
       {{"--year", "要锁定的年度"}, {"--actor", "为旧脚本保留，忽略：系统记录发送人"}}},

      // --- 运维人员 ----------------------------------------------------------
      {"clock", "系统的时钟和设置。", {}},
      {"clock show", "系统时钟的今天，以及系统的设置。", {}},
      {"clock advance",
       "将手动时钟向前拨（系统时钟拒绝）：其间到期的提醒随之发出。",
       {{"--to", "新的今天，YYYY-MM-DD"}}},
      {"calendar load",
       "向运行中的系统载入日历文件：重新计算办理中申请的答复期限，以及未锁定年度已办结申请的数据；"
       "输出"
       "有变动的申请。",
       {{"FILE", "日历文件（格式见 engine/calendar.h）"},
        {"--dry-run", "只输出载入会带来的变动，不作改动"},
        {"--actor", "载入人（默认：operator）"}}},
      {"admin", "系统数据的核对和备份。", {}},
      {"admin verify", "重放每件申请的事件并重新计数年报数据；输出不一致之处。", {}},
      {"admin backup",
       "系统在继续服务的同时，将数据库一致地复制到其所在机器上的 DIR（DIR "
       "与数据同盘时为硬链接：之后请"
       "另行复制），权限0700：其中有申请人个人信息和系统私钥。输出备份位置和所含申请件数。只发送一"
       "次，"
       "最多等待一小时；系统日志写明何时完成。恢复：gongkaid restore --from DIR --data NEW，然后 "
       "gongkai admin verify。",
       {{"DIR", "系统所在机器上尚不存在的绝对路径，其上级目录须存在且系统服务账户可写"}}},
      {"user", "系统所知的人员和服务，及其角色和管辖范围。", {}},
      {"user add",
       "登记人员（或服务），赋予某机关及其下级机关范围内的角色，并写出其身份文件：其密钥对、系统公"
       "钥和"
       "地址。",
       {{"NAME", "人员名称，随其操作一起记录"},
        {"--role",
         "clerk 受理人员、officer 承办人员、head 负责人、supervisor 监督人员、reporter "
         "年报人员、auditor 审计人员、operator 运维人员、scheduler 到期扫描服务"},
        {"--agency", "管辖范围：此机关及其下级机关"},
        {"--out", "要写出的身份文件，权限0600（默认：NAME.identity）"},
        {"--delegate", "可代表人员操作的服务（网页控制台），核对被代表人的权限"}}},
      {"user list", "你的管辖范围内已登记的人员和服务。", {}},
      {"user grant",
       "更换人员的角色或管辖范围（或两者）。",
       {{"NAME", "人员"}, {"--role", "新的角色"}, {"--agency", "新的管辖范围"}}},
      {"user revoke", "撤销人员：其密钥的下一条消息将被拒绝。", {{"NAME", "人员"}}},
      {"user rotate",
       "给人员新的密钥对和身份文件；旧密钥从此被拒绝。",
       {{"NAME", "人员"}, {"--out", "新的身份文件（默认：NAME.identity）"}}},
      {"applicant", "申请人的个人信息。", {}},
      {"applicant erase",
       "将申请的申请人信息（姓名、证件号码、电话、地址、联系方式）替换为“已删除”，并记录一个事件；"
       "申请、"
       "其经过和统计数据保留。",
       {{"ID", "申请编号"}, {"--reason", "理由，与事件一起保存"}}},
      {"audit",
       "你的管辖范围内接受或拒绝的每条命令：谁、做什么、何时、结果。",
       {{"--agency", "只列关于此机关及其下级机关的命令（默认：你的管辖范围）"},
        {"--since", "只列系统时钟此日起的命令"},
        {"--who", "只列此人的命令"},
        {"--limit", "最多N条，1至1000000（默认1000）"}}},

      // --- 历史 --------------------------------------------------------------
      {"generate",
       "将一年的申请写成重放行（JSONL），同一种子结果相同。",
       {{"--year", "生成的年度（默认2012）"},
        {"--seed", "随机种子，0至2000000000（默认1）"},
        {"--profile",
         "anshan2012：2012年的种子城市；full：所有办理结果、申请人类型、收费和复议诉讼"
         "（默认 anshan2012）"},
        {"--out", "写入的文件（默认：标准输出）"},
        {"--json", "可以给出；各行本来就是JSON"}}},
      {"replay",
       "将历史逐行送入系统，手动时钟拨到每行的日期；再次重放同一文件不作改动。",
       {{"FILE.jsonl", "历史（gongkai generate 的格式）"}}},
  };
  return docs;
}

const std::vector<std::pair<std::string_view, std::string_view>>& ZhSharedOptions() {
  static const std::vector<std::pair<std::string_view, std::string_view>> options = {
      {"-h,--help", "输出本帮助并退出"},
      {"--json", "输出JSON而不是文字（也可写在命令之前）"},
      {"--lang", "消息、表格和帮助所用的语言（也可写在命令之前）"},
      {"--id-key", "改动的幂等键：以同一键再次发送只生效一次（默认：新的随机键）"},
      {"--actor", "忽略：系统按你的身份文件记录你是谁"},
      {"--calendar",
       "在内置的2007-2026年日历之上载入的日历文件（engine/calendar.h）；后给的文件覆盖"
       "先给的"},
      {"ID",
       "申请编号，例如 210321-2012-000001；2012-1 为本机关2012年第1件，前导零可省略"
       "（210321-2012-1）"},
      {"--on", "发生日期，YYYY-MM-DD（默认：系统的今天）"},
  };
  return options;
}

std::string_view ZhSection(std::string_view english) {
  static const std::vector<std::pair<std::string_view, std::string_view>> sections = {
      {"offline (no engine needed):", "离线（不需要系统）："},
      {"clerks and officers (the engine at --server, default $GONGKAI_SERVER or "
       "tcp://127.0.0.1:7501):",
       "受理人员和承办人员（--server 所指的系统，默认 $GONGKAI_SERVER 或 tcp://127.0.0.1:7501）："},
      {"supervisors:", "监督人员："},
      {"reporters:", "年报人员："},
      {"operators:", "运维人员："},
      {"auditors:", "审计人员："},
      {"history:", "历史："},
  };
  for (const auto& [en, zh] : sections) {
    if (en == english) return zh;
  }
  return english;
}

const HelpWords& ZhWords() {
  static const HelpWords words{
      "用法：",
      "参数：",
      "选项：",
      "选项（写在命令之前；--json 和 --lang 也可写在命令之后）：",
      "命令：",
      "示例：",
      "；可重复",
      "（必需）",
      "每条命令都接受 --json、--lang 和 --help；每项改动都接受 --id-key KEY 和 --actor NAME。",
      "gongkai COMMAND --help（或 gongkai help COMMAND）说明一条命令及其选项。",
  };
  return words;
}

}  // namespace gongkai::cli
