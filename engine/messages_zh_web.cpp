// The Chinese catalogue, part four: the web gateway's own words (web/):
// its login, session and CSRF refusals and its answers to malformed
// requests. engine/messages.h says how patterns and templates are written.
#include "engine/messages_zh.h"

namespace gongkai::internal {
namespace {

// clang-format off
constexpr MessageEntry kWeb[] = {
    // web/routes_session.cpp: logging in, sessions, CSRF.
    {"too many failed logins: this name is locked for {} minutes", "登录失败次数过多：该用户名已锁定{1}分钟"},
    {"log in first: there is no session, or it has ended", "请先登录：没有会话，或会话已结束"},
    {"the change was refused: its CSRF token is missing or wrong (reload the page)", "操作被拒绝：缺少CSRF令牌或令牌不正确（请刷新页面）"},
    {"the engine's login reply names no person", "引擎的登录答复没有给出人员"},
    {"send the login as JSON (Content-Type: application/json)", "请以JSON提交登录信息（Content-Type: application/json）"},
    // web/http_json.cpp, web/request_forms.cpp: malformed requests.
    {"the request body is not JSON: send a JSON object", "请求内容不是JSON：请发送一个JSON对象"},
    {"the request body must be a JSON object", "请求内容须为JSON对象"},
    {"{} must be a string", "{~1}须为文本"},
    {"{} must be true or false", "{~1}须为 true 或 false"},
    {"{} must be an alert's sequence number", "{~1}须为预警的序号"},
    {"applicant must be an object", "申请人信息须为对象"},
    {"applicant.name is required", "需要申请人姓名"},
    {"applicant.{}", "申请人信息：{~1}"},
    {"kind: unknown event '{}'", "没有“{1}”这种事项"},
    {"nothing to amend: give at least one of subject, channel, applicant_type, received_on, applicant", "没有要更正的内容：请至少给出 subject、channel、applicant_type、received_on、applicant 之一"},
    {"format must be json, csv or xlsx", "格式须为 json、csv 或 xlsx"},
    {"roles must be role words", "角色须为角色代码"},
    {"no such request", "没有这个申请"},
    {"too many logins at once; try again in a moment", "同时登录的人数过多，请稍后重试"},
    {"too many live alert streams; the page refreshes the alerts instead", "实时预警连接过多，页面将改为定时刷新预警"},
    {"you already have {} live alert streams open; close a page that shows alerts", "您已打开 {1} 个实时预警连接；请关闭一个显示预警的页面"},
    {"the engine (gongkaid) cannot be reached; try again in a moment", "暂时无法连接引擎（gongkaid），请稍后重试"},
    {"no such API endpoint: see docs/web-api.md", "没有这个接口：请查看 docs/web-api.md"},
    {"the gateway failed to answer; reload the page to see what was recorded", "网关未能答复；请刷新页面查看已记录的内容"},
    {"cannot make a temporary file for the workbook", "无法为工作簿创建临时文件"},
};
// clang-format on

}  // namespace

std::span<const MessageEntry> ZhWebEntries() { return kWeb; }

}  // namespace gongkai::internal
