// The Chinese catalogue, part two: the messages of the workers (the ledger,
// its readers and server, alerts, calendar loads, reports) and of the client
// library (connection and identity files). engine/messages.h says how
// patterns and templates are written.
#include "engine/messages_zh.h"

namespace gongkai::internal {
namespace {

// clang-format off
constexpr MessageEntry kService[] = {
    // workers/ledger*.cpp, workers/report_commands.cpp: replies.
    {"registered", "已登记"},
    {"recorded", "已记录"},
    {"recorded {} alerts", "已记录{1}条提醒"},
    {"{} requests match", "共{1}件申请符合条件"},
    {"{} overdue requests", "共{1}件逾期申请"},
    {"{} people and services", "共{1}个人员和服务"},
    {"enrolled {}", "已登记人员{1}"},
    {"set the web console password of {}", "已设置{1}的网页控制台密码"},
    {"logged in {}", "{1}已登录"},
    {"erased the applicant's personal data of {}", "已删除申请{1}的申请人个人信息"},
    {"acknowledged alert #{}", "已确认提醒 #{1}"},
    {"locked {}: events dated in it are now refused", "已锁定{1}年度：此后不再接受该年度日期的事件"},
    {"{} changes nothing: its arrangements are already in force", "{1}没有任何变化：其安排已经生效"},
    {"dry run, nothing changed: loading {} ({} announced years, {} dated exceptions): the due "
     "dates of {} open requests move, the figures of {} closed requests are recomputed, {} "
     "requests closed in locked years keep their figures",
     "试运行，未作任何改动：载入{1}（{2}个公布年份，{3}个特别日期）将使{4}件办理中申请的答复期限"
     "变动，重新计算{5}件已办结申请的数据，已锁定年度办结的{6}件申请保持原数据"},
    {"loaded {} ({} announced years, {} dated exceptions): the due dates of {} open requests "
     "move, the figures of {} closed requests are recomputed, {} requests closed in locked years "
     "keep their figures",
     "已载入{1}（{2}个公布年份，{3}个特别日期）：{4}件办理中申请的答复期限变动，重新计算{5}件"
     "已办结申请的数据，已锁定年度办结的{6}件申请保持原数据"},
    {"calendar file", "日历文件"},
    {"checked {} requests and {} events: state, deadline index and report counters all agree",
     "已核对{1}件申请和{2}个事件：状态、期限索引和年报计数完全一致"},

    // workers/ledger*.cpp: refusals.
    {"the change was not saved ({}); retry with the same idempotency key",
     "改动未保存（{1}）；请用同一幂等键重试"},
    {"the change was not saved ({})", "改动未保存（{1}）"},
    {"the quota of {} intakes a day for one person is reached; an operator can raise it (gongkaid "
     "--intake-quota)",
     "已达到每人每天登记{1}件申请的限额；运维人员可以提高限额（gongkaid --intake-quota）"},
    {"the command is empty or unknown to this engine", "命令为空或本系统无法识别"},
    {"admin backup is made by gongkaid's server on a reader thread, not by the ledger",
     "admin backup 由 gongkaid 服务的读线程执行，而不是由账本执行"},
    {"the actor name is longer than 100 bytes", "操作人名称超过100字节"},
    {"every change carries an idempotency key of 1 to 128 bytes, so that a retry is safe",
     "每项改动须带1至128字节的幂等键，以便安全重试"},
    {"idempotency key reused: it was first given with another command or by another sender; a new "
     "change needs a new key",
     "幂等键被重复使用：它首次用于另一条命令或另一发送方；新的改动需要新的键"},
    {"the engine runs on the system clock, which cannot be advanced; start it with --clock "
     "manual:YYYY-MM-DD",
     "系统使用系统时钟，不能拨快；请以 --clock manual:YYYY-MM-DD 启动"},
    {"{} is before today ({}): the clock only moves forward", "{1}早于今天（{2}）：时钟只能向前拨"},
    {"this data directory was created with the regime {} and the day of receipt {}; its due dates "
     "follow those settings, which cannot change (asked now: regime {}, day of receipt {})",
     "该数据目录创建时条例版本为{~1}、收到当日{~2}；其答复期限依照这些设置，设置不能更改（本次要求："
     "条例版本{~3}，收到当日{~4}）"},
    {"pinned to {}", "固定为{1}年《条例》"},
    {"chosen by receipt date", "按收到日期确定"},
    {"counted", "计入"},
    {"not counted", "不计入"},
    {"a person's name is 1 to 64 bytes", "人员名称为1至64字节"},
    {"a person's name holds no control characters and no '|'", "人员名称不能含控制字符和“|”"},
    {"the public key is not a CURVE key in Z85 (40 characters)", "公钥不是Z85编码的CURVE密钥（40个字符）"},
    {"give at least one role (--role clerk,officer,...)", "请至少给出一个角色（--role clerk,officer,...）"},
    {"a role is unknown", "角色无法识别"},
    {"{} is already enrolled: use user grant, rotate or revoke",
     "{1}已经登记：请使用 user grant、rotate 或 revoke"},
    {"this key is already enrolled", "该密钥已经登记"},
    {"{} is not enrolled: see gongkai user list", "{1}未登记：请查看 gongkai user list"},
    {"{} was revoked", "{1}已被撤销"},
    {"{} is a service with the delegate right: it proves who it is with its key, never with a "
     "password",
     "{1}是有代理权的服务：它以密钥证明身份，从不使用密码"},
    {"the request id is missing or too long", "缺少申请编号或申请编号过长"},
    {"say why the personal data are erased (--reason, at most 4000 bytes)",
     "请说明删除个人信息的理由（--reason，最多4000字节）"},
    {"request {} does not exist: check the id", "申请{1}不存在：请核对编号"},
    {"request {} does not exist: check the id (e.g. 210300-2012-000001)",
     "申请{1}不存在：请核对编号（例如 210300-2012-000001）"},
    {"--status must be open, closed, overdue or due-soon, not '{}'",
     "--status 须为 open、closed、overdue 或 due-soon，而不是“{1}”"},
    {"--limit must be from 1 to {}", "--limit 须为1至{1}"},
    {"the cursor is malformed", "翻页标记格式不正确"},
    {"the cursor is malformed: send back a reply's next_cursor",
     "翻页标记格式不正确：请原样使用答复中的 next_cursor"},
    {"--due-within must be from 1 to 400 working days", "--due-within 须为1至400个工作日"},
    {"--agency is required: the worklist covers an agency's subtree",
     "需要 --agency：工作清单按机关及其下级机关列出"},
    {"the limit must be from 1 to {}", "数量上限须为1至{1}"},
    {"the agency code is missing", "缺少机关代码"},
    {"the agency code is longer than 16 characters", "机关代码超过16个字符"},
    {"the receipt date {} is after today ({}): register a request once it has been received",
     "收到日期{1}晚于今天（{2}）：收到申请之后才能登记"},
    {"agency {} has used all 999999 request numbers of {}", "机关{1}已用完{2}年度的全部999999个申请编号"},
    {"a request is registered with intake, not recorded as an event",
     "申请须用 intake 登记，不能作为事件记录"},
    {"the note is longer than 4000 bytes", "备注超过4000字节"},
    {"there is no alert #{}: see 'gongkai alerts' for the sequence numbers",
     "没有提醒 #{1}：序号请查看“gongkai alerts”"},
    {"alert #{} was already acknowledged on {} by {}", "提醒 #{1}已于{2}由{3}确认"},
    {"--year must be from {} to {}", "--year 须为{1}至{2}"},
    {"--year must be a year such as 2012", "--year 须为年份，例如 2012"},
    {"the text to search for is longer than 400 bytes", "检索文字超过400字节"},
    {"give at least two characters to search for (spaces and punctuation do not count)",
     "请至少给出两个字用于检索（空格和标点不计）"},
    {"the search index is not built yet: restart the engine with free disk space",
     "检索索引尚未建立：请在磁盘有空余空间时重启系统"},
    {"the page is too large: ask for fewer with --limit", "一页内容过多：请用 --limit 减少数量"},
    {"the year {} is locked: its annual report was published on {}, so events dated in it can no "
     "longer be recorded",
     "{1}年度已锁定：其年度报告已于{2}发布，该年度日期的事件不能再记录"},
    {"the year {} has not ended: lock a year after its 31 December",
     "{1}年度尚未结束：须在该年12月31日之后锁定"},
    {"the year {} was already locked on {}", "{1}年度已于{2}锁定"},
    {"calendar generation {} is not stored (the last is {})", "未保存第{1}代日历（最新为第{2}代）"},
    {"the source name is too long", "来源名称过长"},
    {"this engine has no store to back up", "本系统没有可备份的存储"},
    {"another backup is being made: wait until it is done (the engine's log says when), then retry",
     "另一备份正在进行：请等待其完成（系统日志会写明），然后重试"},
    {"the replies waiting for this connection are not being read: read them, then retry",
     "本连接待读取的答复未被读取：请先读取，然后重试"},
    {"this connection has {} queries waiting for their answers: wait for them, then retry",
     "本连接有{1}个查询正在等待答复：请等待，然后重试"},
    {"the engine is busy; retry shortly", "系统繁忙；请稍后重试"},
    {"this key is not enrolled, or was revoked or replaced: ask an operator for an identity "
     "(gongkai user add)",
     "该密钥未登记，或已被撤销或替换：请向运维人员申请身份文件（gongkai user add）"},
    {"{} may not act on behalf of others", "{1}不能代表他人操作"},
    {"the person acted for is not enrolled, or was revoked", "被代表的人员未登记，或已被撤销"},
    {"the message is {} bytes; at most {} are accepted", "消息长{1}字节；最多接受{2}字节"},
    {"a stored request is corrupt", "存储的申请已损坏"},
    {"a stored alert is corrupt", "存储的提醒已损坏"},
    {"a stored event of {} is corrupt", "存储的申请{1}的事件已损坏"},
    {"a stored applicant record is corrupt", "存储的申请人记录已损坏"},
    {"the stored {} is corrupt", "存储的{1}已损坏"},

    // client/engine_client.cpp, client/identity.cpp
    {"the engine at {} refused your key: it is not enrolled, or was revoked or replaced; ask an "
     "operator for an identity (gongkai user add, gongkai user rotate)",
     "{1}的系统拒绝了你的密钥：该密钥未登记，或已被撤销或替换；请向运维人员申请身份文件"
     "（gongkai user add、gongkai user rotate）"},
    {"the secure handshake with the engine at {} failed: is your identity file for this engine? "
     "(its server_public_key must be the engine's)",
     "与{1}的系统的安全握手失败：你的身份文件是否属于该系统？（其 server_public_key 须为该系统的公钥）"},
    {"the command is {} bytes; the engine accepts at most {} (shorten the text given)",
     "命令长{1}字节；系统最多接受{2}字节（请缩短所给文字）"},
    {"the engine's reply is not a gongkai.v1.Reply", "系统的答复不是 gongkai.v1.Reply"},
    {"the engine at {} did not answer within {} s: is gongkaid running there? (--server "
     "ENDPOINT; --timeout MS to wait longer)",
     "{1}的系统在{2}秒内没有应答：gongkaid 是否在该处运行？（--server ENDPOINT；--timeout MS "
     "可等待更久）"},
    {"cannot use the endpoint {}: {}", "无法使用地址{1}：{2}"},
    {"cannot reach the engine at {}: {}", "无法连接{1}的系统：{2}"},
    {"no answer from the engine at {} after {} tries: is gongkaid running there, and is your "
     "identity enrolled? (--server ENDPOINT, --identity FILE)",
     "{1}的系统在{2}次尝试后仍无应答：gongkaid 是否在该处运行，你的身份是否已登记？（--server "
     "ENDPOINT，--identity FILE）"},
    {"the identity file {} does not exist", "身份文件{1}不存在"},
    {"the identity file {} can be read by other users; it holds a secret key: make it private "
     "with 'chmod 600 {}'",
     "身份文件{1}可被其他用户读取；其中有私钥：请用“chmod 600 {2}”设为私有"},
    {"{}: not an identity file ({})", "{1}：不是身份文件（{2}）"},
    {"{}: the identity has no {}", "{1}：身份文件缺少{2}"},
    {"{}: a key is not 40 characters of Z85", "{1}：密钥不是40个Z85字符"},
    {"the file {} exists: an identity file is never overwritten",
     "文件{1}已存在：身份文件从不覆盖"},
    {"cannot write {}: {}", "无法写入{1}：{2}"},
    {"cannot write {}", "无法写入{1}"},
    {"no identity: the engine serves only people it knows. Ask an operator to enrol you (gongkai "
     "user add NAME --role ROLE --agency CODE --out FILE), then keep the file as "
     "~/.config/gongkai/identity, or give --identity FILE or $GONGKAI_IDENTITY",
     "没有身份文件：系统只为已登记的人员服务。请运维人员为你登记（gongkai user add NAME --role "
     "ROLE --agency CODE --out FILE），然后将文件保存为 ~/.config/gongkai/identity，或使用 "
     "--identity FILE 或 $GONGKAI_IDENTITY"},
    // engine/store/rocks_store.cpp: what clients read when the store fails.
    {"the disk holding the engine's data is full ({} free, {} kept in reserve): changes are "
     "refused until space is freed, then resume by themselves",
     "存放系统数据的磁盘已满（剩余{1}，保留{2}）：在腾出空间之前拒绝一切更改，腾出空间后自动恢复"},
    {"the engine started read-only (its disk was full, or it was asked to): restart it once "
     "space is freed to accept changes",
     "系统以只读方式启动（磁盘已满或按要求只读）：腾出空间后重启系统才能接受更改"},
    {"the engine's data store found damaged data and refuses changes until it is restarted; an "
     "operator should read the engine's log",
     "系统的数据存储发现数据损坏，重启之前拒绝一切更改；请运维人员查看系统日志"},
    {"the engine's data store failed to read or write and refuses changes until it is restarted; "
     "an operator should read the engine's log",
     "系统的数据存储读写失败，重启之前拒绝一切更改；请运维人员查看系统日志"},
    {"a stored record is damaged (checksum mismatch); the engine refuses changes until an "
     "operator restarts it",
     "一条存储记录已损坏（校验和不符）；在运维人员重启系统之前拒绝一切更改"},
    {"the engine's data store failed to {}", "系统的数据存储未能完成操作（{1}）"},

    // workers/backup.cpp: refusals of gongkai admin backup.
    {"give the backup's directory: an absolute path on the engine's machine that does not exist "
     "yet",
     "请给出备份目录：系统所在机器上尚不存在的绝对路径"},
    {"the backup's directory is not a usable path", "备份目录不是可用的路径"},
    {"the backup's directory must be an absolute path on the engine's machine, not '{}'",
     "备份目录须为系统所在机器上的绝对路径，而不是“{1}”"},
    {"{} exists: a backup goes into a new directory; give a path that does not exist yet (e.g. "
     "with the date in its name)",
     "{1}已存在：备份须放入新目录；请给出尚不存在的路径（例如名称中带日期）"},
    {"{}.tmp exists: RocksDB prepares the copy there and would empty it; remove it or choose "
     "another name",
     "{1}.tmp 已存在：RocksDB 在该处准备副本并会将其清空；请删除它或另选名称"},
    {"the directory {} that would hold the backup is not a directory: create it first (mkdir -p), "
     "or choose another place",
     "用于存放备份的{1}不是目录：请先创建（mkdir -p）或另选位置"},
    {"the directory {} that would hold the backup does not exist: create it first (mkdir -p), or "
     "choose another place",
     "用于存放备份的目录{1}不存在：请先创建（mkdir -p）或另选位置"},
    {"a backup in {} would be lost (under systemd the service's {} is its own, emptied when it "
     "stops): choose a place such as /var/backups/gongkai",
     "备份放在{1}会丢失（在 systemd 下服务的{2}是其专用目录，停止时清空）：请另选位置，例如 "
     "/var/backups/gongkai"},
    {"{} is read-only to the engine (systemd's ProtectSystem=strict): back up under "
     "/var/backups/gongkai, or add the place to ReadWritePaths= (systemctl edit gongkaid)",
     "{1}对系统只读（systemd 的 ProtectSystem=strict）：请备份到 /var/backups/gongkai 之下，或把该"
     "位置加入 ReadWritePaths=（systemctl edit gongkaid）"},
    {"the engine runs as {}, which cannot write into {}: let it (chown {} {}), or choose another "
     "place",
     "系统以{1}身份运行，无法写入{2}：请授权（chown {3} {4}）或另选位置"},
    {"the backup cannot go inside the engine's data directory: choose a place outside it, "
     "ideally on another disk",
     "备份不能放在系统数据目录之内：请选择目录之外的位置，最好在另一块磁盘上"},
    {"the engine started read-only (its disk was full) and cannot flush what it holds: free space "
     "and restart it, or stop it and copy its data directory (docs/operations.md, 'Backup and "
     "restore')",
     "系统以只读方式启动（磁盘已满），无法写出内存中的数据：请腾出空间后重启，或停止系统后复制其数据目"
     "录（docs/operations.md“Backup and restore”）"},
    {"the copy made in {} does not open as a gongkai database, so it was removed: the engine's "
     "log says why",
     "在{1}制作的副本无法作为 gongkai 数据库打开，已删除：原因见系统日志"},
    // engine/store/rocks_store.cpp: why gongkaid does not open a data directory.
    {"the data directory {} does not exist: create a database with 'gongkaid init --data {}', or "
     "give the right --data",
     "数据目录{1}不存在：请用“gongkaid init --data {2}”创建数据库，或给出正确的 --data"},
    {"{} is not a directory", "{1}不是目录"},
    {"the data directory {} holds no database: create one with 'gongkaid init --data {}'",
     "数据目录{1}中没有数据库：请用“gongkaid init --data {2}”创建"},
    {"the data directory {} can be read by other users: it holds applicants' personal data; make "
     "it private with 'chmod 700 {}'",
     "数据目录{1}其他用户可读：其中有申请人的个人信息；请用“chmod 700 {2}”设为私有"},
    {"the data directory {} is in use by another process (is gongkaid already running?)",
     "数据目录{1}正被另一进程使用（gongkaid 是否已在运行？）"},
    {"the data directory {} holds a database that is not gongkai's",
     "数据目录{1}中的数据库不是 gongkai 的"},
    {"the data directory {} holds a database that is not gongkai's ({})",
     "数据目录{1}中的数据库不是 gongkai 的（{2}）"},
    {"the database in {} is damaged ({} files; the engine's log says which) and cannot be opened "
     "without losing acknowledged changes: restore the directory from a backup (gongkaid restore, "
     "see 'Backup and restore' in docs/operations.md)",
     "{1}中的数据库已损坏（{2}文件，系统日志写明是哪些），打开就会丢失已确认的更改：请从备份恢复该目录"
     "（gongkaid restore，见 docs/operations.md“Backup and restore”）"},
    {"the database in {} is damaged: its CURRENT file is missing. It is never re-created by "
     "itself: restore the directory from a backup (see 'Backup and restore' in "
     "docs/operations.md), or ask for help with the engine's log",
     "{1}中的数据库已损坏：缺少 CURRENT 文件。系统不会自行重建：请从备份恢复该目录（见 "
     "docs/operations.md“Backup and restore”），或带着系统日志求助"},
    {"the database in {} was written by an earlier version and needs its new tables, which cannot "
     "be made while it is opened read-only: free some disk space and start again",
     "{1}中的数据库由较早的版本写入，需要新增的表，而只读打开时无法创建：请腾出磁盘空间后重新启动"},
    {"verified: the counters agree with the event log", "已核对：年报计数与事件记录一致"},
};
// clang-format on

}  // namespace

std::span<const MessageEntry> ZhServiceEntries() { return kService; }

}  // namespace gongkai::internal
